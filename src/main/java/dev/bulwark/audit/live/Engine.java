package dev.bulwark.audit.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.image.docker.DockerEngineClient;
import dev.bulwark.image.docker.DockerHost;

/** The Engine API calls the live audit makes; tests answer them from files. */
interface Engine {
  /** Where the Engine listens, to find its dockerd and socket on the host. */
  DockerHost host();

  /** The running containers ({@code GET /containers/json}). */
  JsonNode containers();

  JsonNode inspect(String container);

  JsonNode info();

  JsonNode version();

  /** The Engine reached through its API. */
  static Engine of(DockerHost host) {
    DockerEngineClient client = new DockerEngineClient(host);
    return new Engine() {
      @Override
      public DockerHost host() {
        return host;
      }

      @Override
      public JsonNode containers() {
        return client.containers();
      }

      @Override
      public JsonNode inspect(String container) {
        return client.inspectContainer(container);
      }

      @Override
      public JsonNode info() {
        return client.info();
      }

      @Override
      public JsonNode version() {
        return client.version();
      }
    };
  }
}
