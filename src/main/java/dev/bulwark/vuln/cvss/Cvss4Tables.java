package dev.bulwark.vuln.cvss;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The data of CVSS v4.0 scoring, as FIRST publishes it with the specification's reference calculator
 * (FIRSTdotorg/cvss-v4-calculator; Copyright FIRST, Red Hat, and contributors; BSD-2-Clause):
 * the MacroVector scores ({@code cvss4-macrovectors.tsv}, beside this class), the highest-severity
 * vectors of each equivalence class ({@code max_composed.js}) and the depth of each class
 * ({@code max_severity.js}).
 */
final class Cvss4Tables {
  /** The 270 MacroVectors that exist. */
  static final int MACROVECTORS = 270;
  static final Map<String, Double> LOOKUP = load();

  /** maxComposed: for EQ1, EQ2, EQ4, EQ5 by level; for EQ3 by EQ3 level then EQ6 level. */
  static final List<List<String>> EQ1_MAX = List.of(
      List.of("AV:N/PR:N/UI:N/"),
      List.of("AV:A/PR:N/UI:N/", "AV:N/PR:L/UI:N/", "AV:N/PR:N/UI:P/"),
      List.of("AV:P/PR:N/UI:N/", "AV:A/PR:L/UI:P/"));
  static final List<List<String>> EQ2_MAX = List.of(
      List.of("AC:L/AT:N/"),
      List.of("AC:H/AT:N/", "AC:L/AT:P/"));
  static final List<List<List<String>>> EQ3_EQ6_MAX = List.of(
      List.of(List.of("VC:H/VI:H/VA:H/CR:H/IR:H/AR:H/"),
          List.of("VC:H/VI:H/VA:L/CR:M/IR:M/AR:H/", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M/")),
      List.of(List.of("VC:L/VI:H/VA:H/CR:H/IR:H/AR:H/", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H/"),
          List.of("VC:L/VI:H/VA:L/CR:H/IR:M/AR:H/", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M/",
              "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M/", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H/",
              "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M/")),
      List.of(List.of(), List.of("VC:L/VI:L/VA:L/CR:H/IR:H/AR:H/")));
  static final List<List<String>> EQ4_MAX = List.of(
      List.of("SC:H/SI:S/SA:S/"),
      List.of("SC:H/SI:H/SA:H/"),
      List.of("SC:L/SI:L/SA:L/"));
  static final List<List<String>> EQ5_MAX = List.of(List.of("E:A/"), List.of("E:P/"), List.of("E:U/"));

  /** maxSeverity: the severity depth of each class, in steps of 0.1. */
  static final int[] EQ1_DEPTH = {1, 4, 5};
  static final int[] EQ2_DEPTH = {1, 2};
  static final int[][] EQ3_EQ6_DEPTH = {{7, 6}, {8, 8}, {0, 10}};
  static final int[] EQ4_DEPTH = {6, 5, 4};

  private Cvss4Tables() {}

  private static Map<String, Double> load() {
    Map<String, Double> table = new HashMap<>();
    try (InputStream in = Cvss4Tables.class.getResourceAsStream("cvss4-macrovectors.tsv")) {
      if (in == null) {
        throw new IllegalStateException("cvss4-macrovectors.tsv is missing from the build");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t");
        table.put(fields[0], Double.parseDouble(fields[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (table.size() != MACROVECTORS) {
      throw new IllegalStateException("cvss4-macrovectors.tsv has " + table.size() + " entries, not " + MACROVECTORS);
    }
    return Map.copyOf(table);
  }
}
