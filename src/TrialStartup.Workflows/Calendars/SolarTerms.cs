using NodaTime;

namespace TrialStartup.Workflows.Calendars;

/// <summary>
/// When the Sun reaches a given apparent geocentric ecliptic longitude, which is how the 24 solar terms (节气)
/// are defined; the statutory Qingming holiday is the date of the 15° term in Beijing time.
/// </summary>
/// <remarks>
/// Meeus, <i>Astronomical Algorithms</i> (2nd ed.), ch. 25 "higher accuracy": the Earth's heliocentric longitude
/// from the truncated VSOP87 series of Appendix III, converted to the FK5 frame, plus nutation in longitude
/// (ch. 22, the 0.5″ short form) and aberration. The longitude is good to about 1″, i.e. about 25 seconds of time;
/// the larger uncertainty is ΔT (TT − UT), which is a fit to observations up to now and an extrapolation after, off by
/// perhaps a few minutes by 2100. Over 1901–2100 the Qingming term comes no closer to Beijing midnight than 10 minutes
/// (00:10 on 5 April 2071), and these instants agree with lunar-javascript's (寿星天文历) to within 31 seconds, so
/// every date in that range is safe from both.
/// </remarks>
internal static class SolarTerms
{
    private const double J2000 = 2451545.0;
    private const double DegreesPerRadian = 180.0 / Math.PI;
    private const double ArcsecondsPerDegree = 3600.0;

    // Beijing time is fixed UTC+8. Asia/Shanghai is not used on purpose: tzdb gives it summer time in 1940–1949 and
    // 1986–1991 and a local mean time before 1901, none of which the solar terms' dates ever followed.
    private static readonly DateTimeZone Beijing = DateTimeZone.ForOffset(Offset.FromHours(8));

    /// <summary>The Beijing (UTC+8) date on which the Sun's apparent longitude reaches <paramref name="longitude"/>.</summary>
    /// <param name="longitude">The longitude in degrees, e.g. 15 for Qingming.</param>
    /// <param name="near">A date within a few days of the term.</param>
    internal static LocalDate BeijingDate(double longitude, LocalDate near) => When(longitude, near).InZone(Beijing).Date;

    /// <summary>The instant the Sun's apparent geocentric ecliptic longitude reaches <paramref name="longitude"/>.</summary>
    /// <param name="longitude">The longitude in degrees, 0 ≤ longitude &lt; 360.</param>
    /// <param name="near">A date within a few days of the term; the root nearest to it is returned.</param>
    internal static Instant When(double longitude, LocalDate near)
    {
        // Newton's method on the longitude, with the Sun's mean daily motion as the derivative: the true motion
        // differs from it by under 4 %, so each step shrinks the error about 30-fold and a day's miss takes five steps.
        const double DaysPerDegree = 365.2422 / 360.0;
        var jde = JulianDate(near) + 0.5;
        for (var step = 0; step < 30; step++)
        {
            var miss = Normalize(longitude - ApparentLongitude(jde));
            jde += miss * DaysPerDegree;
            if (Math.Abs(miss) < 1e-7) // degrees, about 10 ms of the Sun's motion
            {
                break;
            }
        }

        var jd = jde - (DeltaTSeconds(2000.0 + ((jde - J2000) / 365.25)) / 86400.0);
        return Instant.FromJulianDate(jd);
    }

    /// <summary>
    /// The Sun's apparent geocentric ecliptic longitude in degrees (mean equinox of date, with nutation and
    /// aberration) at Julian Ephemeris Date <paramref name="jde"/> (Terrestrial Time).
    /// </summary>
    internal static double ApparentLongitude(double jde)
    {
        var tau = (jde - J2000) / 365250.0; // Julian millennia, as VSOP87 counts time
        var t = tau * 10.0;                 // Julian centuries, as the nutation series counts it
        var earthLongitude = Series(tau, L0, L1, L2, L3, L4, L5) / 1e8;
        var radius = Series(tau, R0, R1, R2, R3) / 1e8;

        // The Sun as seen from the Earth is opposite the Earth as seen from the Sun.
        var geometric = (earthLongitude * DegreesPerRadian) + 180.0;

        // VSOP87 to FK5 (Meeus 25.9): the latitude-dependent part is below 0.0001″ for the Sun and is left out.
        const double ToFk5 = -0.09033;

        var omega = (125.04452 - (1934.136261 * t)) / DegreesPerRadian;
        var sunMean = (280.4665 + (36000.7698 * t)) / DegreesPerRadian;
        var moonMean = (218.3165 + (481267.8813 * t)) / DegreesPerRadian;
        var nutation = (-17.20 * Math.Sin(omega)) - (1.32 * Math.Sin(2 * sunMean))
            - (0.23 * Math.Sin(2 * moonMean)) + (0.21 * Math.Sin(2 * omega));

        var aberration = -20.4898 / radius;

        return Normalize(geometric + ((ToFk5 + nutation + aberration) / ArcsecondsPerDegree));
    }

    /// <summary>
    /// ΔT = TT − UT in seconds at <paramref name="year"/> (decimal), from the Espenak–Meeus polynomials
    /// (NASA, "Polynomial expressions for Delta T", 2006) for 1900–2150.
    /// </summary>
    internal static double DeltaTSeconds(double year)
    {
        switch (year)
        {
            case < 1920:
            {
                var t = year - 1900;
                return -2.79 + (1.494119 * t) - (0.0598939 * t * t) + (0.0061966 * t * t * t) - (0.000197 * t * t * t * t);
            }

            case < 1941:
            {
                var t = year - 1920;
                return 21.20 + (0.84493 * t) - (0.076100 * t * t) + (0.0020936 * t * t * t);
            }

            case < 1961:
            {
                var t = year - 1950;
                return 29.07 + (0.407 * t) - (t * t / 233) + (t * t * t / 2547);
            }

            case < 1986:
            {
                var t = year - 1975;
                return 45.45 + (1.067 * t) - (t * t / 260) - (t * t * t / 718);
            }

            case < 2005:
            {
                var t = year - 2000;
                return 63.86 + (0.3345 * t) - (0.060374 * t * t) + (0.0017275 * t * t * t)
                    + (0.000651814 * t * t * t * t) + (0.00002373599 * t * t * t * t * t);
            }

            case < 2050:
            {
                var t = year - 2000;
                return 62.92 + (0.32217 * t) + (0.005589 * t * t);
            }

            default:
            {
                var u = (year - 1820) / 100;
                return -20 + (32 * u * u) - (0.5628 * (2150 - year));
            }
        }
    }

    private static double JulianDate(LocalDate date) =>
        date.AtMidnight().InUtc().ToInstant().ToJulianDate();

    /// <summary>Wraps degrees into (−180, 180], so that a miss across 0°/360° is the short way round.</summary>
    private static double Normalize(double degrees)
    {
        var wrapped = degrees % 360.0;
        return wrapped switch
        {
            > 180.0 => wrapped - 360.0,
            <= -180.0 => wrapped + 360.0,
            _ => wrapped,
        };
    }

    /// <summary>Σ τ^i Σ A cos(B + C τ) over the series of powers 0, 1, 2, …</summary>
    private static double Series(double tau, params ReadOnlySpan<(double A, double B, double C)[]> powers)
    {
        var total = 0.0;
        var factor = 1.0;
        foreach (var terms in powers)
        {
            var sum = 0.0;
            foreach (var (a, b, c) in terms)
            {
                sum += a * Math.Cos(b + (c * tau));
            }

            total += sum * factor;
            factor *= tau;
        }

        return total;
    }

    // Meeus, Astronomical Algorithms, Appendix III: VSOP87D for the Earth, truncated.
    // Each term is A cos(B + C τ), A in 1e-8 radians (longitude) or 1e-8 AU (radius), B in radians, C in radians per millennium.
    private static readonly (double A, double B, double C)[] L0 =
    [
        (175347046, 0, 0), (3341656, 4.6692568, 6283.07585), (34894, 4.6261, 12566.1517),
        (3497, 2.7441, 5753.3849), (3418, 2.8289, 3.5231), (3136, 3.6277, 77713.7715),
        (2676, 4.4181, 7860.4194), (2343, 6.1352, 3930.2097), (1324, 0.7425, 11506.7698),
        (1273, 2.0371, 529.691), (1199, 1.1096, 1577.3435), (990, 5.233, 5884.927),
        (902, 2.045, 26.298), (857, 3.508, 398.149), (780, 1.179, 5223.694),
        (753, 2.533, 5507.553), (505, 4.583, 18849.228), (492, 4.205, 775.523),
        (357, 2.92, 0.067), (317, 5.849, 11790.629), (284, 1.899, 796.298),
        (271, 0.315, 10977.079), (243, 0.345, 5486.778), (206, 4.806, 2544.314),
        (205, 1.869, 5573.143), (202, 2.458, 6069.777), (156, 0.833, 213.299),
        (132, 3.411, 2942.463), (126, 1.083, 20.775), (115, 0.645, 0.98),
        (103, 0.636, 4694.003), (102, 0.976, 15720.839), (102, 4.267, 7.114),
        (99, 6.21, 2146.17), (98, 0.68, 155.42), (86, 5.98, 161000.69),
        (85, 1.3, 6275.96), (85, 3.67, 71430.7), (80, 1.81, 17260.15),
        (79, 3.04, 12036.46), (75, 1.76, 5088.63), (74, 3.5, 3154.69),
        (74, 4.68, 801.82), (70, 0.83, 9437.76), (62, 3.98, 8827.39),
        (61, 1.82, 7084.9), (57, 2.78, 6286.6), (56, 4.39, 14143.5),
        (56, 3.47, 6279.55), (52, 0.19, 12139.55), (52, 1.33, 1748.02),
        (51, 0.28, 5856.48), (49, 0.49, 1194.45), (41, 5.37, 8429.24),
        (41, 2.4, 19651.05), (39, 6.17, 10447.39), (37, 6.04, 10213.29),
        (37, 2.57, 1059.38), (36, 1.71, 2352.87), (36, 1.78, 6812.77),
        (33, 0.59, 17789.85), (30, 0.44, 83996.85), (30, 2.74, 1349.87),
        (25, 3.16, 4690.48),
    ];

    private static readonly (double A, double B, double C)[] L1 =
    [
        (628331966747, 0, 0), (206059, 2.678235, 6283.07585), (4303, 2.6351, 12566.1517),
        (425, 1.59, 3.523), (119, 5.796, 26.298), (109, 2.966, 1577.344),
        (93, 2.59, 18849.23), (72, 1.14, 529.69), (68, 1.87, 398.15),
        (67, 4.41, 5507.55), (59, 2.89, 5223.69), (56, 2.17, 155.42),
        (45, 0.4, 796.3), (36, 0.47, 775.52), (29, 2.65, 7.11),
        (21, 5.34, 0.98), (19, 1.85, 5486.78), (19, 4.97, 213.3),
        (17, 2.99, 6275.96), (16, 0.03, 2544.31), (16, 1.43, 2146.17),
        (15, 1.21, 10977.08), (12, 2.83, 1748.02), (12, 3.26, 5088.63),
        (12, 5.27, 1194.45), (12, 2.08, 4694), (11, 0.77, 553.57),
        (10, 1.3, 6286.6), (10, 4.24, 1349.87), (9, 2.7, 242.73),
        (9, 5.64, 951.72), (8, 5.3, 2352.87), (6, 2.65, 9437.76),
        (6, 4.67, 4690.48),
    ];

    private static readonly (double A, double B, double C)[] L2 =
    [
        (52919, 0, 0), (8720, 1.0721, 6283.0758), (309, 0.867, 12566.152),
        (27, 0.05, 3.52), (16, 5.19, 26.3), (16, 3.68, 155.42),
        (10, 0.76, 18849.23), (9, 2.06, 77713.77), (7, 0.83, 775.52),
        (5, 4.66, 1577.34), (4, 1.03, 7.11), (4, 3.44, 5573.14),
        (3, 5.14, 796.3), (3, 6.05, 5507.55), (3, 1.19, 242.73),
        (3, 6.12, 529.69), (3, 0.31, 398.15), (3, 2.28, 553.57),
        (2, 4.38, 5223.69), (2, 3.75, 0.98),
    ];

    private static readonly (double A, double B, double C)[] L3 =
    [
        (289, 5.844, 6283.076), (35, 0, 0), (17, 5.49, 12566.15),
        (3, 5.2, 155.42), (1, 4.72, 3.52), (1, 5.3, 18849.23),
        (1, 5.97, 242.73),
    ];

    private static readonly (double A, double B, double C)[] L4 =
    [
        (114, 3.142, 0), (8, 4.13, 6283.08), (1, 3.84, 12566.15),
    ];

    private static readonly (double A, double B, double C)[] L5 =
    [
        (1, 3.14, 0),
    ];

    // The radius only scales the aberration (20.5″ / R), so a handful of terms is far more than enough.
    private static readonly (double A, double B, double C)[] R0 =
    [
        (100013989, 0, 0), (1670700, 3.0984635, 6283.07585), (13956, 3.05525, 12566.1517),
        (3084, 5.1985, 77713.7715), (1628, 1.1739, 5753.3849), (1576, 2.8469, 7860.4194),
    ];

    private static readonly (double A, double B, double C)[] R1 =
    [
        (103019, 1.10749, 6283.07585), (1721, 1.0644, 12566.1517), (702, 3.142, 0),
    ];

    private static readonly (double A, double B, double C)[] R2 =
    [
        (4359, 5.7846, 6283.0758), (124, 5.579, 12566.152), (12, 3.14, 0),
    ];

    private static readonly (double A, double B, double C)[] R3 =
    [
        (145, 4.273, 6283.076), (7, 3.92, 12566.15),
    ];
}
