package dev.versiond.daemon.notify;

import java.net.http.HttpRequest;
import java.util.List;

/** Where notifications go: turns a pass's events into the HTTP requests one receiver understands. */
interface Sink {

    /** The {@code sink} tag of {@code versiond_notifications_total}: {@code webhook}, {@code alertmanager}. */
    String name();

    /** The receiver's address without credentials, for logs. */
    String display();

    /**
     * The requests for one pass.
     *
     * @param changes the problems the pass opened and closed ({@link EventDeriver#next})
     * @param firing every problem open after the pass
     */
    List<HttpRequest> requests(List<Event> changes, List<Event> firing);
}
