package dev.bulwark.audit.rule;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The CEL dialect of rules: the standard library and macros, the string, list and set extensions,
 * and Bulwark's functions ({@link CelFunctions}). Every variable is {@code dyn}: the model arrives
 * as maps, so a misspelt field is an evaluation error on the subject (reported, never a pass).
 * Expressions are compiled once; evaluation is bounded in steps and comprehension iterations.
 */
public final class RuleLanguage {
  /** Longest expression accepted; the longest built-in rule is under 1,000 characters. */
  public static final int MAX_EXPRESSION_CHARS = 8_192;
  /** Parser nesting; deeper expressions are not hand-written. */
  private static final int MAX_PARSE_DEPTH = 64;
  /** Iterations of one comprehension (exists, all, map, filter) over a model list. */
  public static final int MAX_COMPREHENSION_ITERATIONS = 10_000;
  /** Expression nodes evaluated per rule and subject; the built-in rules need well under a thousand. */
  public static final long MAX_EVALUATION_STEPS = 100_000;
  /** The element variable of an evidence {@code where} condition. */
  public static final String ITEM = "item";

  private final Map<Scope, CelCompiler> compilers = new EnumMap<>(Scope.class);
  private final Map<Scope, CelCompiler> itemCompilers = new EnumMap<>(Scope.class);
  private final CelRuntime runtime;

  public RuleLanguage() {
    CelOptions options = CelOptions.current()
        .maxExpressionCodePointSize(MAX_EXPRESSION_CHARS)
        .maxParseRecursionDepth(MAX_PARSE_DEPTH)
        .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
        .enableHeterogeneousNumericComparisons(true)
        .build();
    List<CelFunctionDecl> functions = List.of(
        CelFunctionDecl.newFunctionDeclaration("versionLess",
            CelOverloadDecl.newGlobalOverload("versionLess_string_string", SimpleType.BOOL, SimpleType.STRING,
                SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("semverLess",
            CelOverloadDecl.newGlobalOverload("semverLess_string_string", SimpleType.BOOL, SimpleType.STRING,
                SimpleType.STRING)),
        CelFunctionDecl.newFunctionDeclaration("modeWithin",
            CelOverloadDecl.newGlobalOverload("modeWithin_string_string", SimpleType.BOOL, SimpleType.STRING,
                SimpleType.STRING)));
    for (Scope scope : Scope.values()) {
      compilers.put(scope, compiler(options, functions, scope, false));
      itemCompilers.put(scope, compiler(options, functions, scope, true));
    }
    runtime = CelRuntimeFactory.standardCelRuntimeBuilder()
        .setOptions(options)
        .addLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options))
        .addFunctionBindings(
            CelFunctionBinding.from("versionLess_string_string", String.class, String.class, CelFunctions::versionLess),
            CelFunctionBinding.from("semverLess_string_string", String.class, String.class, CelFunctions::versionLess),
            CelFunctionBinding.from("modeWithin_string_string", String.class, String.class, CelFunctions::modeWithin))
        .build();
  }

  private static CelCompiler compiler(CelOptions options, List<CelFunctionDecl> functions, Scope scope, boolean item) {
    CelCompilerBuilder builder = CelCompilerFactory.standardCelCompilerBuilder()
        .setOptions(options)
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addLibraries(CelExtensions.strings(), CelExtensions.lists(), CelExtensions.sets(options))
        .addFunctionDeclarations(functions)
        .setResultType(SimpleType.DYN);
    for (String variable : scope.variables()) {
      builder.addVar(variable, SimpleType.DYN);
    }
    if (item) {
      builder.addVar(ITEM, SimpleType.DYN);
    }
    return builder.build();
  }

  /** A compiled expression, ready to evaluate any number of times from any thread. */
  public static final class Compiled {
    private final CelRuntime.Program program;
    private final String text;

    private Compiled(CelRuntime.Program program, String text) {
      this.program = program;
      this.text = text;
    }

    public String text() {
      return text;
    }

    /** The value, or an {@link EvaluationError} saying why there is none. */
    public Object evaluate(Map<String, ?> variables) {
      long[] steps = {0};
      try {
        return program.trace(variables, (expr, value) -> {
          if (++steps[0] > MAX_EVALUATION_STEPS) {
            throw new StepLimit();
          }
        });
      } catch (StepLimit e) {
        throw new EvaluationError("evaluation exceeded " + MAX_EVALUATION_STEPS + " steps");
      } catch (CelEvaluationException e) {
        if (e.getCause() instanceof StepLimit) {
          throw new EvaluationError("evaluation exceeded " + MAX_EVALUATION_STEPS + " steps");
        }
        throw new EvaluationError(message(e));
      } catch (RuntimeException e) {
        throw new EvaluationError(e.getMessage() == null ? e.toString() : e.getMessage());
      }
    }

    /** Evaluates a condition: anything but a boolean is an error. */
    public boolean test(Map<String, ?> variables) {
      Object value = evaluate(variables);
      if (value instanceof Boolean b) {
        return b;
      }
      throw new EvaluationError("expression gave " + describe(value) + ", not a boolean");
    }

    private static String describe(Object value) {
      String type = value == null ? "null" : value.getClass().getSimpleName();
      return value instanceof dev.cel.runtime.CelUnknownSet ? "an unknown value" : "a " + type;
    }
  }

  private static String message(CelEvaluationException e) {
    String text = e.getMessage() == null ? e.toString() : e.getMessage();
    return text.replaceFirst("^evaluation error( at [^:]*:\\d+)?: ", "");
  }

  private static final class StepLimit extends RuntimeException {
    StepLimit() {
      super("step limit", null, false, false);
    }
  }

  /** An expression failed on one subject: a missing field, a wrong type, a limit reached. */
  public static final class EvaluationError extends RuntimeException {
    public EvaluationError(String message) {
      super(message, null, false, false);
    }
  }

  /** A compile error: the CEL checker's message. */
  public static final class CompileError extends Exception {
    public CompileError(String message) {
      super(message, null, false, false);
    }
  }

  /** Compiles an expression for {@code scope}; with {@code item}, the element variable is declared too. */
  public Compiled compile(Scope scope, boolean item, String expression) throws CompileError {
    if (expression.length() > MAX_EXPRESSION_CHARS) {
      throw new CompileError("expression longer than " + MAX_EXPRESSION_CHARS + " characters");
    }
    CelCompiler compiler = (item ? itemCompilers : compilers).get(scope);
    CelValidationResult result = compiler.compile(expression);
    if (result.hasError()) {
      throw new CompileError(result.getErrorString().strip());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      return new Compiled(runtime.createProgram(ast), expression);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new CompileError(e.getMessage());
    }
  }
}
