package dev.versiond.spec.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.versiond.spec.MapTree;
import dev.versiond.spec.diag.Diagnostic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A host loads its share of the repository only: its targets, the folders they name, what those depend on. */
class ShareLoadTest {
    private static final Share WEB = new Share("web-1", Map.of());

    /** Target web (hosts web-*) gives app, which depends on lib, which depends on base; target db gives big. */
    private static MapTree repository() {
        return MapTree.of(
                "targets/web.yaml", """
                        kind: Target
                        name: web
                        selector: { hosts: [web-*] }
                        components:
                          app: { version: 1.0.0 }
                        """,
                "targets/db.yaml", """
                        kind: Target
                        name: db
                        selector: { hosts: [db-*] }
                        components:
                          big: { version: 1.0.0 }
                        """,
                "components/app/component.yaml", "kind: Component\nname: app\ndependsOn:\n  lib: \">=1.0.0\"\n",
                "components/app/migrations/1.0.0.yaml", migration("1.0.0"),
                "components/lib/component.yaml", "kind: Component\nname: lib\ndependsOn:\n  base: \">=1.0.0\"\n",
                "components/lib/migrations/1.0.0.yaml", migration("1.0.0"),
                "components/base/component.yaml", "kind: Component\nname: base\n",
                "components/base/migrations/1.0.0.yaml", migration("1.0.0"),
                "components/big/component.yaml", "kind: Component\nname: big\n",
                "components/big/migrations/1.0.0.yaml", migration("1.0.0"));
    }

    private static String migration(String version) {
        return "kind: Migration\nversion: " + version + "\nup:\n  - id: s\n    service: { unit: x.service, action: restart }\n";
    }

    /** Megabytes of invalid YAML: parsing it would be slow and report errors. */
    private static String garbage() {
        return "kind: Migration\nversion: 1.1.0\nup: [\n" + "  - { id: : ] ]\n".repeat(200_000);
    }

    @Test
    void aBrokenHugeComponentNoTargetOfThisHostNamesIsNeitherParsedNorReported() {
        SpecLoader loader = new SpecLoader();
        MapTree tree = repository().with("components/big/migrations/1.1.0.yaml", garbage())
                .with("components/big/component.yaml", "kind: Componnt\n");

        ShareLoad share = loader.loadShare(tree.withDirectoryIds(), WEB);

        assertThat(share.result().diagnostics()).isEmpty();
        assertThat(share.result().state().orElseThrow().components()).containsOnlyKeys("app", "lib", "base");
        assertThat(share.result().state().orElseThrow().targets()).extracting(t -> t.name()).containsExactly("web");
        assertThat(share.components()).containsExactlyInAnyOrder("app", "lib", "base");
        // Two target files and two files in each of the three folders of the share; nothing of big.
        assertThat(loader.parseCount()).isEqualTo(8);

        // The whole repository, as validate loads it, does report them.
        assertThat(new SpecLoader().load(tree).hasErrors()).isTrue();
    }

    @Test
    void aChangeOffTheShareCostsNoParseAndAChangeOnItOneParse() {
        SpecLoader loader = new SpecLoader();
        loader.loadShare(repository().withDirectoryIds(), WEB);
        long before = loader.parseCount();

        loader.loadShare(repository().with("components/big/migrations/1.1.0.yaml", garbage()).withDirectoryIds(), WEB);
        assertThat(loader.parseCount()).isEqualTo(before);

        ShareLoad changed = loader.loadShare(repository().with("components/base/migrations/1.1.0.yaml",
                migration("1.1.0")).withDirectoryIds(), WEB);
        assertThat(loader.parseCount()).isEqualTo(before + 1);
        assertThat(changed.result().state().orElseThrow().components().get("base").migrations()).hasSize(2);
    }

    @Test
    void theShareIsFoundWithoutDirectoryIdsToo() {
        SpecLoader loader = new SpecLoader();

        ShareLoad share = loader.loadShare(repository().with("components/big/migrations/1.1.0.yaml", garbage()), WEB);

        assertThat(share.result().diagnostics()).isEmpty();
        assertThat(share.result().state().orElseThrow().components()).containsOnlyKeys("app", "lib", "base");
        assertThat(loader.parseCount()).isEqualTo(8);
    }

    @Test
    void anInvalidFileOfADependencyIsRefusedWithItsPosition() {
        MapTree tree = repository().with("components/base/migrations/1.0.0.yaml",
                "kind: Migration\nversion: 1.0.0\nup:\n  - id: s\n    rnu: {}\n");

        ShareLoad share = new SpecLoader().loadShare(tree.withDirectoryIds(), WEB);

        assertThat(share.result().state()).isEmpty();
        assertThat(share.result().diagnostics()).filteredOn(Diagnostic::isError).isNotEmpty()
                .extracting(d -> d.position().file() + ":" + d.position().line() + ":" + d.position().column())
                .containsExactly("components/base/migrations/1.0.0.yaml:4:5", "components/base/migrations/1.0.0.yaml:5:5");
    }

    @Test
    void aMissingDependencyOfTheShareIsRefused() {
        MapTree tree = repository().without("components/base/component.yaml")
                .without("components/base/migrations/1.0.0.yaml");

        ShareLoad share = new SpecLoader().loadShare(tree.withDirectoryIds(), WEB);

        assertThat(share.result().diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::toString)
                .containsExactly("components/lib/component.yaml:4:3: error: component 'lib' depends on unknown "
                        + "component 'base': expected a folder components/base/ with a component.yaml");
    }

    @Test
    void anotherHostsBrokenTargetIsNotReportedButOneWhoseSelectorCannotBeReadIs() {
        MapTree otherBroken = repository().with("targets/db.yaml", """
                kind: Target
                name: db
                selector: { hosts: [db-*] }
                components:
                  big: { version: nope }
                """);
        assertThat(new SpecLoader().loadShare(otherBroken.withDirectoryIds(), WEB).result().diagnostics()).isEmpty();

        MapTree unreadable = repository().with("targets/db.yaml", """
                kind: Target
                name: db
                selector: { hostz: [db-*] }
                components:
                  big: { version: 1.0.0 }
                """);
        ShareLoad share = new SpecLoader().loadShare(unreadable.withDirectoryIds(), WEB);
        assertThat(share.result().state()).isEmpty();
        assertThat(share.result().diagnostics()).filteredOn(Diagnostic::isError)
                .allSatisfy(d -> assertThat(d.position().file()).isEqualTo("targets/db.yaml"));
    }

    @Test
    void anUnchangedTargetsDirectoryIsReusedWithItsProblems() {
        SpecLoader loader = new SpecLoader();
        MapTree broken = repository().with("targets/web.yaml", """
                kind: Target
                name: web
                selector: { hosts: [web-*] }
                components:
                  app: { version: 1.0.0, confg: {} }
                """);
        ShareLoad first = loader.loadShare(broken.withDirectoryIds(), WEB);
        long parsed = loader.parseCount();

        ShareLoad again = loader.loadShare(broken.with("components/big/migrations/1.1.0.yaml", migration("1.1.0"))
                .withDirectoryIds(), WEB);

        assertThat(first.result().hasErrors()).isTrue();
        assertThat(again.result()).isEqualTo(first.result());
        assertThat(loader.parseCount()).isEqualTo(parsed);
        assertThat(loader.loadShare(repository().withDirectoryIds(), WEB).result().diagnostics()).isEmpty();
    }

    @Test
    void aShareOverItsByteLimitIsRefusedBeforeTheFolderBeyondItIsParsed() {
        SpecLoader loader = new SpecLoader();
        MapTree tree = repository().with("components/lib/migrations/1.1.0.yaml", migration("1.1.0")
                + "# " + "x".repeat(10_000) + "\n");

        ShareLoad share = loader.loadShare(tree.withDirectoryIds(), new Share("web-1", Map.of(), 5_000));

        assertThat(share.tooLarge()).get().asString().contains("more than 5000 bytes", "components/lib/");
        assertThat(share.result().state()).isEmpty();
        // The two targets and app's two files; lib (over the limit) and base (beyond it) are not parsed.
        assertThat(loader.parseCount()).isEqualTo(4);
    }

    @Test
    void aComponentThatLeavesTheShareLeavesTheCache() {
        SpecLoader loader = new SpecLoader();
        loader.loadShare(repository().withDirectoryIds(), WEB);
        MapTree moved = repository().with("targets/web.yaml", """
                kind: Target
                name: web
                selector: { hosts: [web-*] }
                components:
                  base: { version: 1.0.0 }
                """);
        ShareLoad share = loader.loadShare(moved.withDirectoryIds(), WEB);
        assertThat(share.components()).containsExactly("base");
        long before = loader.parseCount();

        // app and lib were dropped: naming them again parses them again.
        loader.loadShare(repository().withDirectoryIds(), WEB);
        assertThat(loader.parseCount()).isEqualTo(before + 1 + 4);
    }
}
