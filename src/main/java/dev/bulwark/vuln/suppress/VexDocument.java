package dev.bulwark.vuln.suppress;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An OpenVEX document as far as suppression needs it.
 *
 * @param source the file it was read from, as the user named it
 */
public record VexDocument(String source, String id, String author, Instant timestamp, List<Statement> statements) {
  public VexDocument {
    statements = List.copyOf(statements);
  }

  /**
   * One statement, with the document's timestamp filled in when it has none of its own.
   *
   * @param vulnerabilities the vulnerability's name, {@code @id} and aliases
   * @param index its position in the document, from 1, for messages
   */
  public record Statement(
      int index,
      List<String> vulnerabilities,
      List<Product> products,
      VexStatus status,
      Optional<VexJustification> justification,
      Optional<String> impactStatement,
      Optional<String> actionStatement,
      Optional<String> statusNotes,
      Instant timestamp) {
    public Statement {
      vulnerabilities = List.copyOf(vulnerabilities);
      products = List.copyOf(products);
    }

    /** Why the statement holds, as a report shows it: the justification label first, then the prose. */
    public String reason() {
      String prose = String.join("; ", java.util.stream.Stream.of(impactStatement, statusNotes, actionStatement)
          .flatMap(Optional::stream).map(String::strip).filter(p -> !p.isEmpty()).toList());
      String label = justification.map(VexJustification::label).orElse("");
      return label.isEmpty() ? prose : prose.isEmpty() ? label : label + ": " + prose;
    }
  }

  /** A product: its identifiers ({@code @id}, {@code identifiers.purl}) and subcomponents. */
  public record Product(List<String> identifiers, List<Component> subcomponents) {
    public Product {
      identifiers = List.copyOf(identifiers);
      subcomponents = List.copyOf(subcomponents);
    }
  }

  /** A subcomponent, by its identifiers. */
  public record Component(List<String> identifiers) {
    public Component {
      identifiers = List.copyOf(identifiers);
    }
  }
}
