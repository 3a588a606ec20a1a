package dev.versiond.spec.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.spec.model.TemplateRef;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {
    @ParameterizedTest
    @ValueSource(strings = {"{{> /etc/passwd}}", "{{>../../../etc/shadow}}", "a {{> templates/other.conf}} b"})
    void aTemplateCannotIncludeAnyFileThroughAPartial(String text) {
        TemplateRef template = new TemplateRef("components/app/templates/app.conf", text);

        assertThatThrownBy(() -> Templates.variables(template)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("partials are not supported");
        assertThatThrownBy(() -> Templates.render(template, Templates.context("app", "1.0.0", "web-1", Map.of())))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("components/app/templates/app.conf")
                .hasMessageContaining("partials are not supported")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
    }
}
