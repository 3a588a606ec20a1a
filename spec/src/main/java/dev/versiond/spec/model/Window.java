package dev.versiond.spec.model;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A maintenance window: opens at each time the Quartz cron expression fires (in {@code zone}) and
 * stays open for {@code duration}. Outside every window of its target, a host plans but does not apply.
 *
 * @param cron Quartz cron: seconds minutes hours day-of-month month day-of-week [year]
 */
public record Window(String cron, Duration duration, ZoneId zone, Position position) {
    public Window {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(position, "position");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a window's duration must be positive");
        }
        String problem = cronProblem(cron);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why the text is not a Quartz cron expression, or null when it is one. */
    public static String cronProblem(String cron) {
        try {
            new CronExpression(cron);
            return null;
        } catch (ParseException e) {
            return "'" + cron + "' is not a Quartz cron expression (seconds minutes hours day-of-month month "
                    + "day-of-week, e.g. '0 0 2 ? * SUN'): " + e.getMessage();
        }
    }

    /**
     * Whether a valid Quartz cron expression fires at any time from 1970 on (in {@code zone}):
     * {@code 0 0 0 31 2 ?} (February 31) never does. Quartz searches up to its last supported year.
     */
    public static boolean firesEver(String cron, ZoneId zone) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression.getNextValidTimeAfter(new Date(0)) != null;
        } catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private CronExpression expression() {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the window is open at {@code now}: it fired at most {@code duration} ago. */
    public boolean isOpen(Instant now) {
        Date firedSince = expression().getNextValidTimeAfter(Date.from(now.minus(duration).minusSeconds(1)));
        return firedSince != null && !firedSince.toInstant().isAfter(now);
    }

    /** When the window next opens after {@code now}, if it ever does. */
    public Optional<Instant> nextOpening(Instant now) {
        return Optional.ofNullable(expression().getNextValidTimeAfter(Date.from(now))).map(Date::toInstant);
    }
}
