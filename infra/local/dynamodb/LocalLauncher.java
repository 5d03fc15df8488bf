import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local bound to one host (127.0.0.1 by default) instead of all interfaces.
 * DynamoDB Local has no host flag: we build the server as its own CLI does, then rebind the Jetty
 * connector before start. Extra flags: -host H (default 127.0.0.1); -port 0 picks a free port.
 * Prints "DYNAMODB_LOCAL_READY port=N" once listening; exits when stdin closes (parent gone).
 */
public class LocalLauncher {
  public static void main(String[] args) throws Exception {
    String host = "127.0.0.1";
    int port = 8000;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("-host") && i + 1 < args.length) {
        host = args[++i];
      } else if (args[i].equals("-port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else {
        rest.add(args[i]);
      }
    }
    // DynamoDB Local's CLI rejects port 0; it only uses the value for the connector we replace.
    rest.add("-port");
    rest.add("8000");

    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(rest.toArray(new String[0]));
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector c : server.getConnectors()) {
      server.removeConnector(c);
    }
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);

    server.start();
    System.out.println("DYNAMODB_LOCAL_READY port=" + connector.getLocalPort());
    System.out.flush();

    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) { /* drain */ }
      } catch (Exception ignored) {
        // stdin broken: parent is gone
      }
      try {
        server.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
      System.exit(0);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    server.join();
  }
}
