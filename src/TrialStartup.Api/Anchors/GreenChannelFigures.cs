namespace TrialStartup.Api.Anchors;

/// <summary>
/// The green channel: participating sites of multi-center trials take the lead's ethics approval and confirm the
/// trial's unified contract template instead of negotiating their own. Usage counts the sites submitted in the period;
/// the contract figures count the contracts agreed or confirmed in the period.
/// </summary>
/// <param name="SitesSubmitted">Site projects submitted in the period.</param>
/// <param name="GreenChannelSites">Of them, participating sites of a multi-center trial (the green channel).</param>
/// <param name="GreenChannelShare"><paramref name="GreenChannelSites"/> / <paramref name="SitesSubmitted"/>; <c>null</c> when none.</param>
/// <param name="InnovativeTrackSites">Of them, single sites on the innovative product track (the innovative green channel).</param>
/// <param name="GreenChannelContracts">Contracts confirmed against a unified template in the period.</param>
/// <param name="GreenChannelMedianContractCalendarDays">Their median contract time: the contract step's first opening to its confirmation, calendar days.</param>
/// <param name="NegotiatedContracts">Contracts negotiated in full (contract review agreed) in the period.</param>
/// <param name="NegotiatedMedianContractCalendarDays">Their median contract time, the same way.</param>
/// <param name="MedianContractCalendarDaysSaved">
/// Days saved: <paramref name="NegotiatedMedianContractCalendarDays"/> minus <paramref name="GreenChannelMedianContractCalendarDays"/>,
/// the same period and institutions; <c>null</c> unless both groups have contracts. A comparison of groups, not of
/// the same sites with and without the template.
/// </param>
public sealed record GreenChannelFigures(int SitesSubmitted, int GreenChannelSites, double? GreenChannelShare, int InnovativeTrackSites,
    int GreenChannelContracts, double? GreenChannelMedianContractCalendarDays, int NegotiatedContracts, double? NegotiatedMedianContractCalendarDays,
    double? MedianContractCalendarDaysSaved);
