package dev.wanka.cli;

import dev.wanka.perf.Recompute;
import dev.wanka.perf.TrainingPrecision;
import dev.wanka.perf.WeightFormat;
import dev.wanka.spec.Keyword;
import dev.wanka.spec.Suggestions;
import dev.wanka.spec.Values;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A keyword option ({@code --recompute full}): any case; anything else is refused with the allowed
 * keywords, as the spec readers do for keywords in YAML. The keywords are also the option's
 * completion candidates.
 */
abstract class KeywordOption<E extends Enum<E> & Keyword>
    implements ITypeConverter<E>, Iterable<String> {
  private final Class<E> type;

  KeywordOption(Class<E> type) {
    this.type = type;
  }

  @Override
  public E convert(String value) {
    return Values.parseKeyword(value, type)
        .orElseThrow(
            () -> {
              List<String> allowed = keywords();
              return new TypeConversionException(
                  "'"
                      + value
                      + "' is not allowed: must be one of "
                      + String.join(", ", allowed)
                      + Suggestions.didYouMean(value.trim().toLowerCase(Locale.ROOT), allowed));
            });
  }

  @Override
  public Iterator<String> iterator() {
    return keywords().iterator();
  }

  private List<String> keywords() {
    return Arrays.stream(type.getEnumConstants()).map(Keyword::keyword).toList();
  }

  static final class RecomputeKeyword extends KeywordOption<Recompute> {
    RecomputeKeyword() {
      super(Recompute.class);
    }
  }

  static final class PrecisionKeyword extends KeywordOption<TrainingPrecision> {
    PrecisionKeyword() {
      super(TrainingPrecision.class);
    }
  }

  static final class WeightsKeyword extends KeywordOption<WeightFormat> {
    WeightsKeyword() {
      super(WeightFormat.class);
    }
  }

  static final class KvCacheKeyword extends KeywordOption<KvCache> {
    KvCacheKeyword() {
      super(KvCache.class);
    }
  }

  static final class ProgressKeyword extends KeywordOption<SimulateProgress.Mode> {
    ProgressKeyword() {
      super(SimulateProgress.Mode.class);
    }
  }
}
