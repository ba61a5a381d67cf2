package io.assetgate.server.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The filename rules, case by case: what is cleaned, what is refused, and the ASCII fallback. */
class FileNamesTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"photo\u202Egpj.exe", "a\u2066b.jpg", "x\u200F.jpg", "\u061Cname.jpg", "", "   ", "///",
        "...", "\u0000\u0001"})
    void refusesNamesThatCannotBeMadeSafe(String raw) {
        assertThatIllegalArgumentException().isThrownBy(() -> FileNames.sanitize(raw));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "../../etc/passwd|etcpasswd",
        "..\\..\\boot.ini|boot.ini",
        "a\tb\u0007c\u007F.jpg|abc.jpg",
        "  spaced.jpg  |spaced.jpg",
        ".hidden.jpg|hidden.jpg",
        "soft\u00ADhyphen.jpg|softhyphen.jpg"})
    void cleansControlSeparatorAndFormatCharacters(String raw, String cleaned) {
        assertThat(FileNames.sanitize(raw)).isEqualTo(cleaned);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {255, 256, 1000})
    void limitsTheLengthInUtf8Bytes(int bytes) {
        String name = "a".repeat(bytes - 4) + ".jpg";
        if (bytes <= FileNames.MAX_BYTES) {
            assertThat(FileNames.sanitize(name)).hasSize(bytes);
        } else {
            assertThatIllegalArgumentException().isThrownBy(() -> FileNames.sanitize(name));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"e\u0301.jpg|\u00e9.jpg", "A\u030A.png|\u00c5.png"})
    void normalizesToNfc(String raw, String nfc) {
        assertThat(FileNames.sanitize(raw)).isEqualTo(nfc);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"r\u00e9sum\u00e9.jpg|r_sum_.jpg", "a\"b;c\\d.jpg|a_b_c_d.jpg"})
    void makesAnAsciiFallbackWithoutQuotesOrSeparators(String name, String fallback) {
        assertThat(FileNames.asciiFallback(name)).isEqualTo(fallback);
    }
}
