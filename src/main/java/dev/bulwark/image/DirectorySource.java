package dev.bulwark.image;

import dev.bulwark.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An unpacked root filesystem ({@code dir:PATH}): one layer, nothing to verify. */
public final class DirectorySource implements ImageSource {
  private final Path root;
  private final String input;
  private final Layer layer = new Layer(0, Optional.empty(), Optional.empty());

  public DirectorySource(Path root, String input) {
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      throw new InputException(input + ": not a directory");
    }
    this.root = root;
    this.input = input;
  }

  @Override
  public Image image() {
    return new Image(input, Optional.empty(), Optional.empty(), ImageConfig.empty(), new byte[0], List.of(layer),
        List.of(), List.of());
  }

  @Override
  public <R> Map<Layer, R> readLayers(List<Layer> layers, LayerReader<R> reader) {
    if (layers.isEmpty()) {
      return Map.of();
    }
    try {
      return Map.of(layer, reader.read(layer, new LayerContent.Tree(root)));
    } catch (IOException e) {
      throw new InputException(input + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {}
}
