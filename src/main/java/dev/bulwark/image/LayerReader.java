package dev.bulwark.image;

import java.io.IOException;

/** Turns one layer's content into a result; called once per layer, possibly from several threads. */
@FunctionalInterface
public interface LayerReader<R> {
  R read(Layer layer, LayerContent content) throws IOException;
}
