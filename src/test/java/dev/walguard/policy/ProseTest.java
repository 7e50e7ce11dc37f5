package dev.walguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProseTest {

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "0; 0",
                "7; 7",
                "999; 999",
                "1000; 1,000",
                "15998; 15,998",
                "100000; 100,000",
                "1234567; 1,234,567",
                "-1; -1",
                "-999; -999",
                "-1000; -1,000",
                "-123456; -123,456",
                "9223372036854775807; 9,223,372,036,854,775,807",
                "-9223372036854775808; -9,223,372,036,854,775,808"
            })
    void countsAreGroupedByThousands(long n, String written) {
        assertThat(Prose.count(n)).isEqualTo(written);
    }

    @ParameterizedTest(name = "{0} is grouped as the root locale's %,d groups it")
    @ValueSource(longs = {1, 12, 123, 1234, 12345, 123456, 1234567, 12345678, -12, -1234, -12345678, 1L << 40})
    void countsAgreeWithTheRootLocaleFormat(long n) {
        assertThat(Prose.count(n)).isEqualTo(String.format(Locale.ROOT, "%,d", n));
    }
}
