package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import dev.versiond.spec.model.FileStep;
import dev.versiond.spec.model.Step;
import dev.versiond.spec.model.Version;
import dev.versiond.spec.template.Templates;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code forEach} generates steps from a list; {@code vars} gives a file step's template variables of its own. */
class ForEachAndVarsTest {
    private static final String CMS_110 = "components/cms/migrations/1.1.0.yaml";
    private static final String TEMPLATE = "components/cms/templates/site.conf.mustache";

    private static LoadResult load(String up) {
        return new SpecLoader().load(MapTree.sample()
                .with(TEMPLATE, "site={{item}} owner={{vars.owner}} port={{config.port}}\n")
                .with(CMS_110, "kind: Migration\nversion: 1.1.0\nup:\n" + up));
    }

    private static List<String> errors(String up) {
        return load(up).diagnostics().stream().filter(Diagnostic::isError).map(d -> d.position() + " " + d.message()).toList();
    }

    @Test
    void forEachGeneratesOneStepPerItemWithTheItemInItsFieldsAndItsTemplate() {
        LoadResult result = load("""
                  - id: site-{{item}}
                    forEach: [blog, shop]
                    vars: { owner: web }
                    file: { path: "/etc/cms/sites/{{item}}.conf", template: templates/site.conf.mustache }
                """);

        assertThat(result.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        List<Step> up = result.state().orElseThrow().component("cms").orElseThrow().migration(Version.parse("1.1.0"))
                .orElseThrow().up();
        assertThat(up).extracting(Step::id).containsExactly("site-blog", "site-shop");
        FileStep shop = (FileStep) up.get(1);
        assertThat(shop.path()).isEqualTo("/etc/cms/sites/shop.conf");
        assertThat(shop.vars()).isEqualTo(Map.of("item", "shop", "owner", "web"));
        Map<String, Object> context = Templates.context("cms", "1.1.0", "web-01", Map.of("port", 8080));
        assertThat(Templates.render(shop.template().orElseThrow(), Templates.withVars(context, shop.vars())))
                .isEqualTo("site=shop owner=web port=8080\n");
    }

    @Test
    void aForEachStepWhoseIdDoesNotNameTheItemIsAnError() {
        assertThat(errors("""
                  - id: site
                    forEach: [blog, shop]
                    run: { argv: ["true"], idempotent: true, down: ["true"] }
                """)).singleElement().satisfies(e -> assertThat(e).startsWith(CMS_110 + ":4:9")
                .contains("must contain {{item}}"));
    }

    @Test
    void generatedPathsAreValidatedAfterSubstitutionWhereTheyAreWritten() {
        assertThat(errors("""
                  - id: dir-{{item}}
                    forEach: [ok, ..]
                    run: { argv: [mkdir, "/srv/{{item}}"], creates: "/srv/{{item}}", down: [rmdir, "/srv/{{item}}"] }
                """)).singleElement().satisfies(e -> assertThat(e).startsWith(CMS_110 + ":6:")
                .contains("host path '/srv/..' must be normalised"));
    }

    @Test
    void idsMustBeUniqueAfterExpansion() {
        assertThat(errors("""
                  - id: site-blog
                    run: { argv: ["true"], idempotent: true, down: ["true"] }
                  - id: site-{{item}}
                    forEach: [shop, blog]
                    run: { argv: ["true"], idempotent: true, down: ["true"] }
                """)).singleElement().satisfies(e -> assertThat(e).contains("duplicate step id 'site-blog'"));
    }

    @Test
    void varsBelongToFileStepsAndForEachItemsMustBeDistinctStrings() {
        assertThat(errors("""
                  - id: x
                    vars: { a: b }
                    run: { argv: ["true"], idempotent: true, down: ["true"] }
                  - id: y-{{item}}
                    forEach: [a, a]
                    run: { argv: ["true"], idempotent: true, down: ["true"] }
                """)).anySatisfy(e -> assertThat(e).contains("only a file step has a template"))
                .anySatisfy(e -> assertThat(e).contains("lists 'a' twice"));
    }
}
