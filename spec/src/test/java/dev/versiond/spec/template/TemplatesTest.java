package dev.versiond.spec.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.versiond.spec.model.TemplateRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplatesTest {
    private static final Map<String, Object> CONTEXT = Templates.context("cms", "1.2.0", "web-1",
            Map.of("port", 8080, "db", Map.of("url", "jdbc:x?a=1&b=<2>"), "queues", List.of(Map.of("name", "a"), Map.of("name", "b"))));

    @Test
    void rendersVersionHostComponentAndNestedConfigWithoutHtmlEscaping() {
        TemplateRef t = new TemplateRef("t.conf", "{{component}} {{version}} on {{host}}\nport={{config.port}}\n"
                + "db={{config.db.url}}\n{{#config.queues}}queue={{name}}\n{{/config.queues}}");

        assertThat(Templates.render(t, CONTEXT)).isEqualTo(
                "cms 1.2.0 on web-1\nport=8080\ndb=jdbc:x?a=1&b=<2>\nqueue=a\nqueue=b\n");
    }

    @Test
    void aMissingVariableIsAnErrorNamingTheTemplateTheLineAndTheVariable() {
        TemplateRef t = new TemplateRef("components/cms/templates/app.conf", "a=1\nb={{config.nope}}\n");

        assertThatThrownBy(() -> Templates.render(t, CONTEXT))
                .isInstanceOfSatisfying(TemplateException.class, e -> {
                    assertThat(e.path()).isEqualTo("components/cms/templates/app.conf");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("config.nope");
                });
    }

    @Test
    void aTemplateCannotIncludeAnyOtherFile() {
        TemplateRef t = new TemplateRef("evil.conf", "{{> /etc/passwd}}");

        assertThatThrownBy(() -> Templates.render(t, CONTEXT))
                .isInstanceOf(TemplateException.class).hasMessageContaining("partials");
    }

    @Test
    void variablesAreListedStaticallyOutsideSections() {
        TemplateRef t = new TemplateRef("t", "{{version}} {{config.port}} {{#config.queues}}{{name}}{{/config.queues}}"
                + "{{^config.debug}}quiet{{/config.debug}}");

        assertThat(Templates.variables(t)).containsExactly("version", "config.port", "config.queues", "config.debug");
    }

    /** Refused when compiled, so validation (which lists variables and never renders) reports it too. */
    @ParameterizedTest
    @ValueSource(strings = {"{{> /etc/passwd}}", "{{>../../../etc/shadow}}", "a {{#config.queues}}{{> other.conf}}{{/config.queues}} b"})
    void aPartialIsRefusedBeforeAnythingIsRenderedEvenInsideASection(String text) {
        TemplateRef template = new TemplateRef("components/app/templates/app.conf", text);

        assertThatThrownBy(() -> Templates.variables(template)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("partials are not supported").hasMessageContaining("components/app/templates/app.conf");
        assertThatThrownBy(() -> Templates.render(template, CONTEXT)).isInstanceOf(TemplateException.class)
                .hasMessageContaining("partials are not supported");
    }
}
