package dev.versiond.daemon.web;

/**
 * One section of the status page, below the host's summary: a heading with an anchor, and a body rendered by
 * its own template, {@code <id>.mustache} beside this class's resources, from the model it builds. A section
 * only builds data; the template escapes every value. A new view (the fleet's, say) is one more implementation
 * given to {@link StatusPage#with}.
 */
public interface PageSection {

    /** The anchor ({@code #id}) and the name of the section's template; lower-case letters and dashes. */
    String id();

    /** The heading, as shown. */
    String title();

    /** What the section's template renders, from the moment the page shows. */
    Object model(PageData data);
}
