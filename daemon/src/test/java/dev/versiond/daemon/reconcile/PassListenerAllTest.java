package dev.versiond.daemon.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassListenerAllTest {

    @Test
    void everyListenerMethodReachesEachListenerOfAll() throws Exception {
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        PassListener all = PassListener.all(List.of(recorder(first), recorder(second)));
        List<String> methods = new ArrayList<>();
        for (Method m : PassListener.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            methods.add(m.getName());
            m.invoke(all, new Object[m.getParameterCount()]);
        }
        assertThat(methods).isNotEmpty();
        assertThat(first).containsExactlyInAnyOrderElementsOf(methods);
        assertThat(second).containsExactlyInAnyOrderElementsOf(methods);
    }

    private static PassListener recorder(List<String> calls) {
        return (PassListener) Proxy.newProxyInstance(PassListener.class.getClassLoader(),
                new Class<?>[] {PassListener.class}, (proxy, method, args) -> {
                    if (Arrays.asList(PassListener.class.getMethods()).contains(method)) {
                        calls.add(method.getName());
                    }
                    return null;
                });
    }
}
