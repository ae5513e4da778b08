namespace TrialStartup.Api.Trials;

/// <summary>One page of a list.</summary>
/// <typeparam name="T">The item type.</typeparam>
/// <param name="PageNumber">1-based.</param>
/// <param name="PageSize">Items per page.</param>
/// <param name="Total">Items in all pages.</param>
/// <param name="Items">This page's items.</param>
public sealed record Page<T>(int PageNumber, int PageSize, int Total, IReadOnlyList<T> Items);
