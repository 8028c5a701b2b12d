package dev.bulwark.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** Bulwark's version, from the properties file the build fills in. */
public final class Version implements CommandLine.IVersionProvider {
  private static final String VERSION = load();

  public static String current() {
    return VERSION;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"bulwark " + VERSION, "Java " + Runtime.version()};
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("/dev/bulwark/bulwark.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
