package dev.bulwark.inventory.java;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArchiveFileNameTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ' ', value = {
      "jackson-databind-2.9.10.8.jar jackson-databind 2.9.10.8",
      "log4j-core-2.14.1.jar log4j-core 2.14.1",
      "guava-31.1-jre.jar guava 31.1-jre",
      "/app/lib/commons-text-1.9.JAR commons-text 1.9",
      "hadoop-shaded-guava-1.1.0-SNAPSHOT.jar hadoop-shaded-guava 1.1.0-SNAPSHOT",
      "log4j-1.2-api-2.17.1.jar log4j-1.2-api 2.17.1",
      "commons-lang-2.0-beta-1.jar commons-lang 2.0-beta-1",
      "servlet-api-2.5-20081211.jar servlet-api 2.5-20081211",
      "spring-core-5.3.4-SNAPSHOT.jar spring-core 5.3.4-SNAPSHOT",
      "jetty-server-9.4.51.v20230217.jar jetty-server 9.4.51.v20230217",
      "netty-tcnative-boringssl-static-2.0.61.Final-linux-x86_64.jar netty-tcnative-boringssl-static"
          + " 2.0.61.Final-linux-x86_64",
      "bcprov-jdk15on-1.70.jar bcprov-jdk15on 1.70",
      "h2-2.1.214.jar h2 2.1.214",
      "javax.inject-1.jar javax.inject 1",
      "org.eclipse.sisu.inject-0.3.5.jar org.eclipse.sisu.inject 0.3.5",
      "org.eclipse.osgi_3.18.0.v20220516-2155.jar org.eclipse.osgi 3.18.0.v20220516-2155",
      "jenkins-plugin-1.0.0.jpi jenkins-plugin 1.0.0",
      "snapshot-1.0-20230101.123456-1.war snapshot 1.0-20230101.123456-1",
      "opentelemetry-api-1.20.0-alpha.jar opentelemetry-api 1.20.0-alpha"})
  void splitsArtifactIdAndVersion(String fileName, String artifactId, String version) {
    assertThat(ArchiveFileName.parse(fileName)).contains(new ArchiveFileName(artifactId, version));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.jar", "test.par", "nested.jar", "no_pom_properties.jar", "spring-boot-loader.jar",
      "-1.0.jar", "a-b c-1.0.jar", "lib-${version}.jar"})
  void givesNothingWithoutAVersion(String fileName) {
    assertThat(ArchiveFileName.parse(fileName)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = ' ', value = {"/a/b/foo-1.0.jar foo-1.0", "Foo.WAR Foo", "x.zip x.zip", "a.b.ear a.b"})
  void stemDropsDirectoriesAndTheArchiveExtension(String fileName, String stem) {
    assertThat(ArchiveFileName.stem(fileName)).isEqualTo(stem);
  }
}
