package dev.debrief.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP proxy in front of the server, so a test can drop the
 * client's connections for real: cut() resets every open connection, and
 * while blackhole is on, bytes from the client are read and thrown away
 * (an answer sent then is lost in flight).
 */
public final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  public final AtomicBoolean blackhole = new AtomicBoolean();

  public TcpProxy(String upstream) throws IOException {
    int colon = upstream.lastIndexOf(':');
    upstreamHost = upstream.substring(0, colon);
    upstreamPort = Integer.parseInt(upstream.substring(colon + 1));
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::acceptLoop, "proxy-accept");
    t.setDaemon(true);
    t.start();
  }

  public String address() {
    return "127.0.0.1:" + listener.getLocalPort();
  }

  /** Resets every connection open now; new ones are still accepted. */
  public void cut() {
    for (Socket s : open) {
      try {
        s.setSoLinger(true, 0); // RST, not FIN
        s.close();
      } catch (IOException e) {
        // already gone
      }
    }
    open.clear();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(upstreamHost, upstreamPort);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        open.add(client);
        open.add(server);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        // listener closed, or the server refused: the client sees a reset
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream o = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                  if (upstream && blackhole.get()) {
                    continue;
                  }
                  o.write(buf, 0, n);
                  o.flush();
                }
              } catch (IOException e) {
                // a cut or a close
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException e) {
                  // ignore
                }
              }
            },
            "proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
  }
}
