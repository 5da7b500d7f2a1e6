/*
 * static.c - the web app's files (static.h). A URL path becomes a file
 * path only through dbf_gw_static_path, which admits a small alphabet and
 * no dot segments, so nothing outside the root can be named; the file is
 * then opened without following a final symlink and must be a regular
 * file. Files are small (the whole app is well under a megabyte), so each
 * is read whole into the response buffer.
 */
#include "gateway/static.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"

#define INDEX "index.html"

static bool path_byte_ok(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-' || c == '~' || c == '/';
}

dbf_err dbf_gw_static_path(const char *url_path, char *out, size_t n) {
  if (!url_path || url_path[0] != '/' || n == 0)
    return DBF_ERR_INVALID;
  const char *p = url_path + 1;
  size_t len = strlen(p);
  for (size_t i = 0; i < len; i++)
    if (!path_byte_ok((unsigned char)p[i]))
      return DBF_ERR_INVALID;
  /* Every segment but a final empty one ("dir/") must be non-empty and not start with '.',
     which refuses ".", "..", hidden files and "//". */
  for (const char *seg = p; seg < p + len;) {
    const char *e = strchr(seg, '/');
    size_t sl = e ? (size_t)(e - seg) : strlen(seg);
    if (sl == 0 || seg[0] == '.')
      return DBF_ERR_INVALID;
    seg += sl + (e ? 1 : 0);
  }
  bool dir = len == 0 || p[len - 1] == '/';
  size_t need = len + (dir ? sizeof INDEX - 1 : 0) + 1;
  if (need > n)
    return DBF_ERR_TOO_BIG;
  memcpy(out, p, len);
  if (dir)
    memcpy(out + len, INDEX, sizeof INDEX - 1);
  out[need - 1] = '\0';
  return DBF_OK;
}

static const struct {
  const char *ext;
  const char *type;
} TYPES[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

const char *dbf_gw_static_type(const char *rel) {
  const char *dot = strrchr(rel, '.');
  const char *slash = strrchr(rel, '/');
  if (!dot || (slash && dot < slash))
    return NULL;
  for (size_t i = 0; i < DBF_ARRAY_LEN(TYPES); i++)
    if (strcmp(dot, TYPES[i].ext) == 0)
      return TYPES[i].type;
  return NULL;
}

const char *dbf_gw_static_cache(const char *rel) {
  /* The files have no content hash in their names (there is no build step), so an HTML page
     is always revalidated and the modules and styles it loads may be reused for five minutes;
     the ETag makes a revalidation cheap. */
  size_t n = strlen(rel);
  if (n >= 5 && strcmp(rel + n - 5, ".html") == 0)
    return "no-cache";
  return "public, max-age=300";
}

dbf_err dbf_gw_static_read(const char *root, const char *rel, dbf_buf *out, char *etag,
                           size_t etag_n) {
  char full[4096];
  int fd = -1;
  dbf_err rc = DBF_ERR_NOT_FOUND;
  int w = snprintf(full, sizeof full, "%s/%s", root, rel);
  if (w < 0 || (size_t)w >= sizeof full)
    goto out;
  fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    goto out;
  struct stat sb;
  if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 0 ||
      (uint64_t)sb.st_size > DBF_GW_STATIC_MAX_FILE)
    goto out;
  size_t size = (size_t)sb.st_size;
  dbf_buf_reset(out);
  char chunk[16384];
  while (out->len < size) {
    ssize_t r = read(fd, chunk, sizeof chunk);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      break; /* the file shrank: serve what is there */
    if (dbf_buf_append(out, chunk, (size_t)r) != DBF_OK) {
      rc = DBF_ERR_TOO_BIG;
      goto out;
    }
  }
  snprintf(etag, etag_n, "\"%llx-%llx\"", (unsigned long long)sb.st_size,
           (unsigned long long)sb.st_mtim.tv_sec * 1000000000ull +
               (unsigned long long)sb.st_mtim.tv_nsec);
  rc = DBF_OK;
out:
  if (fd >= 0)
    close(fd);
  return rc;
}
