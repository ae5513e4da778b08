namespace TrialStartup.Api.Documents;

/// <summary>
/// A part of a <see cref="PrintedDocument"/>'s body: <see cref="HeadingBlock"/>, <see cref="ParagraphBlock"/>,
/// <see cref="KeyValueBlock"/>, <see cref="TableBlock"/>, <see cref="ChartBlock"/> or <see cref="SignatureBlock"/>. Text may mix Chinese and
/// English; it wraps at the page's or the cell's width, and a word too long for a line (a SHA-256 in hex) is broken
/// between characters rather than cut.
/// </summary>
public abstract record DocumentBlock;

/// <summary>A section heading, bold; never left alone at the foot of a page.</summary>
/// <param name="Text">The heading (一、审查意见).</param>
public sealed record HeadingBlock(string Text) : DocumentBlock;

/// <summary>Running text, wrapped to the page's width.</summary>
/// <param name="Text">The paragraph; a line feed starts a new line within it.</param>
public sealed record ParagraphBlock(string Text) : DocumentBlock;

/// <summary>Lines of "label：value" with the values aligned in a column, as a letter's particulars (项目名称, 申办者, 审查日期).</summary>
/// <param name="Lines">The lines, in order; may be empty.</param>
public sealed record KeyValueBlock(IReadOnlyList<KeyValueLine> Lines) : DocumentBlock;

/// <summary>One line of a <see cref="KeyValueBlock"/>.</summary>
/// <param name="Label">The label, printed with a full-width colon after it (so without one of its own).</param>
/// <param name="Value">The value; may be empty, and wraps under itself when long.</param>
/// <param name="Monospace">A hash or an identifier: printed in the monospaced face, so a hex string reads evenly.</param>
public sealed record KeyValueLine(string Label, string Value, bool Monospace = false);

/// <summary>
/// A ruled table: a header row, then rows whose cells wrap within their column. A table longer than the page continues
/// on the next with the header row printed again.
/// </summary>
/// <param name="Columns">The columns, left to right; at least one.</param>
/// <param name="Rows">The rows, each with one cell per column; may be empty (the header row alone is printed).</param>
public sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows) : DocumentBlock;

/// <summary>A column of a <see cref="TableBlock"/>.</summary>
/// <param name="Header">The header cell.</param>
/// <param name="RelativeWidth">The column's share of the table's width against the other columns' (2 is twice as wide as 1); above zero.</param>
/// <param name="Monospace">Hashes or identifiers: the column's cells are printed smaller in the monospaced face, so a 64-character SHA-256 takes few lines.</param>
public sealed record TableColumn(string Header, double RelativeWidth = 1, bool Monospace = false);

/// <summary>
/// A line to sign on, right-aligned: "label：________ 日期：________". A name or a date given is printed on its rule;
/// a rule left empty is for the pen.
/// </summary>
/// <param name="Label">Who signs (主任委员签字).</param>
/// <param name="Name">The signer's name printed on the rule, or null to leave it blank.</param>
/// <param name="Date">The date printed on the date's rule (2026年1月5日), or null to leave it blank.</param>
public sealed record SignatureBlock(string Label, string? Name = null, string? Date = null) : DocumentBlock;

/// <summary>
/// A horizontal bar chart: one bar per row with its label on the left and its value written after it, an optional
/// mark on each bar (a step's own target) and an optional reference line across all of them (an anchor such as 28
/// weeks). Kept on one page. The scale starts at zero and ends a little past the largest value, mark or reference.
/// </summary>
/// <param name="Title">The chart's title, printed above it.</param>
/// <param name="Bars">The bars, top to bottom; may be empty (the chart then says <paramref name="Empty"/>).</param>
/// <param name="Empty">What is printed instead of bars when there are none ("no site was activated in the year").</param>
/// <param name="Reference">A vertical line across the chart, with its label, or null.</param>
/// <param name="MarkLabel">What the per-bar marks mean ("target"), printed in the legend; null when no bar has one.</param>
public sealed record ChartBlock(string Title, IReadOnlyList<ChartBar> Bars, string Empty, ChartReference? Reference = null, string? MarkLabel = null)
    : DocumentBlock
{
    /// <summary>Where the scale ends: 10 % past the largest value, mark or reference, and at least 1.</summary>
    public double ScaleEnd => Math.Max(1, Bars.SelectMany(b => new[] { b.Value, b.Mark ?? 0 }).Append(Reference?.Value ?? 0).DefaultIfEmpty(0).Max() * 1.1);
}

/// <summary>One bar of a <see cref="ChartBlock"/>.</summary>
/// <param name="Label">What it measures (a step, a quarter, a holder).</param>
/// <param name="Value">Its length, zero or more.</param>
/// <param name="ValueText">The value as printed after the bar ("35.5 days", "75 %", "12").</param>
/// <param name="Mark">A mark on this bar's row (its own target), or null.</param>
public sealed record ChartBar(string Label, double Value, string ValueText, double? Mark = null);

/// <summary>A reference line across a <see cref="ChartBlock"/>.</summary>
/// <param name="Value">Where it is on the scale.</param>
/// <param name="Label">What it is ("28 weeks (196 days)").</param>
public sealed record ChartReference(double Value, string Label);
