package org.dot4j.capture;

import static org.dot4j.capture.TimelineSvg.HALF;
import static org.dot4j.capture.TimelineSvg.LEFT;
import static org.dot4j.capture.TimelineSvg.PLOT;

/**
 * The geometry of a timeline's lanes: axis units to pixels, and one direction's bars and credit steps as SVG path
 * data. Stateless.
 */
final class TimelinePaths {

    /** Pixels: the narrowest run of bars. */
    private static final int MIN_BAR = 3;

    private TimelinePaths() {}

    /** Axis units to pixels: the bins used fill the plot's width. */
    record Scale(long width, int bins, double pixelsPerUnit) {
        Scale(TimelineLink link) {
            this(link.width(), Math.max(1, link.usedBins()),
                    (double) PLOT / ((double) Math.max(1, link.usedBins()) * link.width()));
        }

        double x(long at) {
            return LEFT + Math.min(at * pixelsPerUnit, PLOT);
        }

        double binX(int bin) {
            return LEFT + (double) bin * PLOT / bins;
        }
    }

    /** The y of {@code fraction} of a half lane, away from the centre line on {@code dir}'s side. */
    static double y(Direction dir, double fraction) {
        return dir == Direction.HOST_TO_PERIPHERAL ? HALF + 4 - fraction * HALF : HALF + 4 + fraction * HALF;
    }

    /**
     * Each run of bins with packets as one outline: up to each bin's height, across, and back to the centre line; a
     * run at least {@link #MIN_BAR} wide, so that a lone packet shows beside the credit line's step at the same place.
     */
    static StringBuilder bars(TimelineLane.Flow f, Direction dir, Scale scale, long maxBytes) {
        StringBuilder d = new StringBuilder();
        double base = y(dir, 0);
        double start = -1;
        for (int i = 0; i <= scale.bins(); i++) {
            long b = i < scale.bins() ? f.bytes[i] : 0;
            if (b > 0) {
                if (start < 0) {
                    start = scale.binX(i);
                    d.append('M').append(num(start)).append(',').append(num(base));
                } else {
                    d.append('H').append(num(scale.binX(i)));
                }
                double height = Math.max(1, (double) b / maxBytes * HALF); // one packet stays visible
                d.append('V').append(num(y(dir, height / HALF)));
            } else if (start >= 0) {
                d.append('H').append(num(Math.max(scale.binX(i), start + MIN_BAR))).append('V').append(num(base)).append('Z');
                start = -1;
            }
        }
        return d;
    }

    /** The sender's credit as steps: a level from each bin where it was told, a break where it is unknown. */
    static StringBuilder credit(TimelineLane.Flow f, Direction dir, Scale scale, long maxCredit) {
        StringBuilder d = new StringBuilder();
        long level = -1;
        for (int i = 0; i < scale.bins(); i++) {
            long c = f.credit[i];
            if (c == TimelineLane.NO_CREDIT || c == level) {
                continue;
            }
            String x = num(scale.binX(i));
            if (level >= 0) {
                d.append('H').append(x);
            }
            if (c >= 0) {
                d.append(level >= 0 ? "V" : "M" + x + ",").append(num(y(dir, 0.9 * c / maxCredit)));
            }
            level = c;
        }
        if (level >= 0) {
            d.append('H').append(num(scale.binX(scale.bins())));
        }
        return d;
    }

    /** A coordinate with at most one decimal. */
    static String num(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? Long.toString(tenths / 10)
                : (tenths < 0 ? "-" : "") + Math.abs(tenths / 10) + "." + Math.abs(tenths % 10);
    }
}
