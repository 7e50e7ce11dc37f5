package dev.walguard.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.RegexLiteralValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a webhook's matchConditions with CEL as the API server does: {@code object}, {@code oldObject} and
 * {@code request} are dynamically typed, {@code matches} finds its pattern anywhere (cel-go's semantics; our patterns
 * are anchored), regular expression literals are checked when the expression is compiled (Kubernetes 1.29+), and the
 * API server calls the webhook only when every condition is true.
 *
 * <p>dev.cel has no cost tracking, so {@link #cost} applies cel-go's runtime cost rules (interpreter/runtimecost.go,
 * which the API server uses with its per-expression limit) to dev.cel's evaluation trace: {@code matches} exactly as
 * cel-go charges it, the other steps as closely as the trace shows them (together under 1% of any cost that matters).
 */
final class MatchConditionEvaluator {

    /** k8s.io/apiserver/pkg/apis/cel: PerCallLimit, the most one expression may cost. */
    static final long PER_CALL_LIMIT = 1_000_000;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Cel CEL = CelFactory.standardCelBuilder()
            .setOptions(CelOptions.current().enableRegexPartialMatch(true).build())
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .build();

    private final List<CelRuntime.Program> programs = new ArrayList<>();

    MatchConditionEvaluator(List<String> expressions) throws Exception {
        for (String expression : expressions) {
            CelAbstractSyntaxTree checked = CEL.compile(expression).getAst();
            assertThat(checked.getResultType()).isEqualTo(SimpleType.BOOL);
            CelValidationResult validated = CelValidatorFactory.standardCelValidatorBuilder(CEL)
                    .addAstValidators(RegexLiteralValidator.INSTANCE)
                    .build()
                    .validate(checked);
            assertThat(validated.hasError())
                    .as("regex literals: %s", validated.hasError() ? validated.getErrorString() : "")
                    .isFalse();
            programs.add(CEL.createProgram(checked));
        }
    }

    /** True when the API server would call walguard: every condition evaluates to true, none fails. */
    boolean calls(Object object, Object oldObject, Map<String, Object> request) throws Exception {
        boolean all = true;
        for (CelRuntime.Program program : programs) {
            Object result = program.eval(variables(object, oldObject, request));
            assertThat(result).as("a boolean, not an error or unknown").isInstanceOf(Boolean.class);
            all &= (Boolean) result;
        }
        return all;
    }

    /** The runtime cost of the first condition for this input, by cel-go's rules (see the class comment). */
    long cost(Object object, Map<String, Object> request) throws Exception {
        Map<Long, Object> values = new HashMap<>();
        long[] cost = {0};
        programs.get(0).trace(variables(object, null, request), (expr, result) -> {
            cost[0] += stepCost(expr, values);
            values.put(expr.id(), result);
        });
        return cost[0];
    }

    private static long stepCost(CelExpr expr, Map<Long, Object> values) {
        return switch (expr.getKind()) {
            case IDENT -> 1;
            // has() is free in Kubernetes (PresenceTestHasCost(false)); a field access costs 1.
            case SELECT -> expr.select().testOnly() ? 0 : 1;
            case LIST -> 10;
            case MAP -> 30;
            case CALL -> callCost(expr.call(), values);
            default -> 0;
        };
    }

    private static long callCost(CelExpr.CelCall call, Map<Long, Object> values) {
        List<Object> args = new ArrayList<>();
        call.target().ifPresent(t -> args.add(values.get(t.id())));
        call.args().forEach(a -> args.add(values.get(a.id())));
        return switch (call.function()) {
            case "_&&_", "_||_", "_?_:_" -> 0;
            case "matches" ->
                (long) Math.ceil((1.0 + size(args.get(0))) * 0.1) * (long) Math.ceil(size(args.get(1)) * 0.25);
            case "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_" ->
                (long) Math.ceil(Math.min(size(args.get(0)), size(args.get(1))) * 0.1);
            case "@in" -> args.get(1) instanceof List<?> list ? list.size() : 1;
            default -> 1;
        };
    }

    /** cel-go's actualSize: code points of a string, else 1. */
    private static long size(Object value) {
        return value instanceof String s ? s.codePointCount(0, s.length()) : 1;
    }

    private static Map<String, Object> variables(Object object, Object oldObject, Map<String, Object> request) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("object", object == null ? dev.cel.common.values.NullValue.NULL_VALUE : object);
        variables.put("oldObject", oldObject == null ? dev.cel.common.values.NullValue.NULL_VALUE : oldObject);
        variables.put("request", request);
        return variables;
    }

    static Map<String, Object> request(String operation, Map<String, Object> object) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("uid", "0f3b7c21-5e8a-4d49-9b6e-2a1c8d7e4f60");
        request.put("operation", operation);
        request.put("namespace", metadata.get("namespace"));
        request.put("name", metadata.get("name"));
        request.put("kind", Map.of("group", "", "version", "v1", "kind", String.valueOf(object.get("kind"))));
        request.put("dryRun", false);
        return request;
    }

    /** A YAML file as the API server hands it to CEL: maps, lists, strings, int64 numbers. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(Path file) throws IOException {
        return (Map<String, Object>) celValue(YAML.readValue(file.toFile(), Map.class));
    }

    /** A value parsed from YAML or built in a test, converted to what CEL expects (int64 numbers). */
    static Object celValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> converted = new LinkedHashMap<>();
            map.forEach((k, v) -> converted.put(String.valueOf(k), celValue(v)));
            return converted;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(MatchConditionEvaluator::celValue).toList();
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }
}
