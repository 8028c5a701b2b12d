package dev.bulwark.enforce.docker.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * What dockerd sends to {@code AuthZPlugin.AuthZReq} and {@code AuthZPlugin.AuthZRes}: moby
 * pkg/authorization/api.go {@code Request}, with its JSON names exactly ({@code RequestUri}, not
 * RequestURI). Byte fields are base64 in JSON, as Go writes []byte. {@code RequestHeaders} holds
 * one value per header (the last), with Authorization and registry credentials left out.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AuthzRequestJson(
    @JsonProperty("User") String user,
    @JsonProperty("UserAuthNMethod") String userAuthNMethod,
    @JsonProperty("RequestMethod") String requestMethod,
    @JsonProperty("RequestUri") String requestUri,
    @JsonProperty("RequestBody") byte[] requestBody,
    @JsonProperty("RequestHeaders") Map<String, String> requestHeaders,
    @JsonProperty("ResponseStatusCode") int responseStatusCode,
    @JsonProperty("ResponseBody") byte[] responseBody,
    @JsonProperty("ResponseHeaders") Map<String, String> responseHeaders) {
  public AuthzRequestJson {
    user = user == null ? "" : user;
    userAuthNMethod = userAuthNMethod == null ? "" : userAuthNMethod;
    requestMethod = requestMethod == null ? "" : requestMethod;
    requestUri = requestUri == null ? "" : requestUri;
    requestBody = requestBody == null ? new byte[0] : requestBody;
    requestHeaders = requestHeaders == null ? Map.of() : Map.copyOf(requestHeaders);
    responseBody = responseBody == null ? new byte[0] : responseBody;
    responseHeaders = responseHeaders == null ? Map.of() : Map.copyOf(responseHeaders);
  }
}
