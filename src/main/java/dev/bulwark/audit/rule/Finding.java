package dev.bulwark.audit.rule;

import dev.bulwark.audit.model.Location;
import dev.bulwark.audit.model.SubjectRef;
import java.util.List;

/**
 * A rule a subject violates, with the evidence.
 *
 * @param location where to point a reader: the line of the offending instruction or setting when
 *     known, else the subject's own location
 */
public record Finding(Rule rule, SubjectRef subject, Location location, List<Evidence> evidence) {
  public Finding {
    evidence = List.copyOf(evidence);
  }

  public Severity severity() {
    return rule.severity();
  }
}
