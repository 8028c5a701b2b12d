package dev.bulwark.image;

import java.util.List;
import java.util.Map;

/**
 * A place images are read from. {@link #image()} is cheap (documents only); {@link #readLayers}
 * streams each requested layer once, verifying its blob digest and diffID as it goes. A reader's
 * result is returned only if its layer verified: a mismatch fails the whole call.
 */
public interface ImageSource extends AutoCloseable {
  Image image();

  /** Reads {@code layers} (all from {@link #image()}), in any order, returning each reader result. */
  <R> Map<Layer, R> readLayers(List<Layer> layers, LayerReader<R> reader);

  @Override
  void close();
}
