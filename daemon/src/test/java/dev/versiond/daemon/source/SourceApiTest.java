package dev.versiond.daemon.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seam's contract with the rest of the daemon: only JDK, spec and source types cross it. */
class SourceApiTest {

    @Test
    void jgitTypesNeverAppearInThePublicApi() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : List.of(Source.class, JGitSource.class, Commit.class, SourceOptions.class,
                DesiredSource.class, Snapshot.class)) {
            assertThat(Modifier.isPublic(type.getModifiers())).isTrue();
            for (Method method : type.getMethods()) {
                check(leaks, type, method.getName(), method.getReturnType());
                Arrays.stream(method.getParameterTypes()).forEach(p -> check(leaks, type, method.getName(), p));
                Arrays.stream(method.getExceptionTypes()).forEach(e -> check(leaks, type, method.getName(), e));
            }
            for (Constructor<?> constructor : type.getConstructors()) {
                Arrays.stream(constructor.getParameterTypes()).forEach(p -> check(leaks, type, "<init>", p));
            }
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    check(leaks, type, component.getName(), component.getType());
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void theImplementationDetailsArePackagePrivate() {
        for (Class<?> type : List.of(CommitTree.class, GitDaemonTransport.class, RemoteUrl.class, RemoteFailure.class,
                GitDesiredSource.class, DirectorySource.class)) {
            assertThat(Modifier.isPublic(type.getModifiers())).as(type.getSimpleName()).isFalse();
        }
    }

    private static void check(List<String> leaks, Class<?> owner, String member, Class<?> type) {
        if (type.getName().startsWith("org.eclipse.jgit")) {
            leaks.add(owner.getSimpleName() + "." + member + " uses " + type.getName());
        }
    }
}
