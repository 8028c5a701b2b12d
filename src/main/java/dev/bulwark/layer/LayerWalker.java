package dev.bulwark.layer;

import dev.bulwark.image.LayerContent;
import dev.bulwark.io.Limits;
import java.io.IOException;

/** Walks any layer content, tar or tree, with one visitor. */
public final class LayerWalker {
  private LayerWalker() {}

  public static void walk(LayerContent content, Limits limits, String input, EntryVisitor visitor) throws IOException {
    switch (content) {
      case LayerContent.Tar tar -> TarWalker.walk(tar.stream(), limits, input, visitor);
      case LayerContent.Tree tree -> TreeWalker.walk(tree.root(), limits, visitor);
    }
  }
}
