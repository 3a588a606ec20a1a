package dev.versiond.daemon.web;

import dev.versiond.daemon.reconcile.Agent;
import dev.versiond.daemon.reconcile.AgentStatus;
import dev.versiond.daemon.reconcile.PlanView;
import dev.versiond.spec.VersiondException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The page of {@code GET /}, rendered on the server: the host's summary, the operator buttons, then one
 * section after another ({@link PageSection}: components, last passes, plan). Everything a reader needs is in
 * the HTML, so it reads the same with JavaScript off; the script ({@link #ASSETS}) only refreshes the live
 * progress from {@code GET /status} and sends the buttons' requests with the token it asks for. The page
 * holds no token and no secret: what it shows is what {@code /status}, {@code /plan} and {@code /history}
 * already serve, masked the same way.
 */
public final class StatusPage {
    /** How many passes the page lists. */
    public static final int PASSES = 10;
    /** What the page loads beside its HTML, from the jar. */
    public static final List<Asset> ASSETS = List.of(Asset.of("status.css", "text/css; charset=utf-8"),
            Asset.of("status.js", "text/javascript; charset=utf-8"));

    private static final PageTemplates TEMPLATES = new PageTemplates();

    private final Agent agent;
    private final List<PageSection> sections;

    private StatusPage(Agent agent, List<PageSection> sections) {
        this.agent = agent;
        this.sections = List.copyOf(sections);
    }

    /** The page with the sections every agent has: components, last passes, plan. */
    public static StatusPage of(Agent agent) {
        return new StatusPage(agent, List.of(new ComponentsSection(), new PassesSection(), new PlanSection()));
    }

    /** This page with {@code section} added after the others. */
    public StatusPage with(PageSection section) {
        List<PageSection> all = new ArrayList<>(sections);
        all.add(section);
        return new StatusPage(agent, all);
    }

    record Model(Summary summary, List<Rendered> sections) {
    }

    /** @param html the section's body, escaped by its own template */
    record Rendered(String id, String title, String html) {
    }

    /** The page as it stands now. */
    public String render() {
        AgentStatus status = agent.status();
        Optional<PlanView> plan;
        Optional<String> planError;
        try {
            plan = Optional.of(agent.plan());
            planError = Optional.empty();
        } catch (VersiondException e) {
            // The rest of the page still helps whoever looks at a host whose plan fails.
            plan = Optional.empty();
            planError = Optional.of(e.getMessage());
        }
        PageData data = new PageData(status, plan, planError, agent.history(Optional.empty(), PASSES));
        List<Rendered> rendered = sections.stream()
                .map(s -> new Rendered(s.id(), s.title(), TEMPLATES.render(s.id(), s.model(data))))
                .toList();
        return TEMPLATES.render("page", new Model(Summary.of(data.status()), rendered));
    }
}
