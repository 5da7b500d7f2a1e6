package dev.debrief.client;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * A lazy iteration over a paginated RPC: the next page is fetched when the
 * items of the current one run out, until a page has no next_page_token.
 */
final class Pages<R, T> implements Iterable<T> {
  private final Function<String, R> fetch;
  private final Function<R, List<T>> items;
  private final Function<R, String> nextToken;

  Pages(Function<String, R> fetch, Function<R, List<T>> items, Function<R, String> nextToken) {
    this.fetch = fetch;
    this.items = items;
    this.nextToken = nextToken;
  }

  @Override
  public Iterator<T> iterator() {
    return new Iterator<T>() {
      private Iterator<T> page = null;
      private String token = "";

      @Override
      public boolean hasNext() {
        while (page == null || !page.hasNext()) {
          if (page != null && token.isEmpty()) {
            return false; // the last page is used up
          }
          R r = fetch.apply(token);
          page = items.apply(r).iterator();
          token = nextToken.apply(r);
        }
        return true;
      }

      @Override
      public T next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }
}
