namespace TrialStartup.Api.Tests.Documents;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using TrialStartup.Api.Documents;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

/// <summary>
/// The committee's PDFs read back with another library (PdfPig), as a reader or a search index would: the Chinese comes
/// back as text, nothing is lost at page breaks or cut at a margin, and every page says which of how many it is.
/// </summary>
public sealed class DocumentPdfTests
{
    // The layout's A4 margins (DocumentPdfLayout), in PDF coordinates: y counts up from the page's foot.
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 56.69;
    private const double ContentBottom = 62.36;
    private const double Tolerance = 0.5;

    [Fact]
    public void Render_WhenTheLetterIsInChinese_ReadsBackItsTitleAndParagraphsExactly()
    {
        const string title = "伦理审查批件";
        const string subtitle = "伦审〔2026〕第12号";
        const string paragraph =
            "经本伦理委员会2026年1月5日第12次会议审查，认为该项目的研究方案符合《涉及人的生命科学和医学研究伦理审查办法》" +
            "的要求，受试者的风险与受益比合理，知情同意书（Informed Consent Form, version 3.0）内容完整、语言通俗易懂。" +
            "同意开展本项研究，并请研究者严格遵循GCP原则，按期提交年度进展报告（Annual Progress Report）。";
        const string english = "The committee approves protocol TS-2026-001, version 2.1, dated 1 December 2025, without conditions.";
        var document = new PrintedDocument(title, subtitle,
        [
            new HeadingBlock("一、审查意见"),
            new ParagraphBlock(paragraph),
            new ParagraphBlock(english),
            new KeyValueBlock([new KeyValueLine("项目名称", "一项评价TS-101片治疗2型糖尿病的多中心随机双盲研究"), new KeyValueLine("申办者", "示例制药有限公司")]),
        ]);

        using var pdf = PdfDocument.Open(DocumentPdf.Render(document));

        var text = pdf.GetPage(1).Text;
        Assert.Contains(title, text, StringComparison.Ordinal);
        Assert.Contains(subtitle, text, StringComparison.Ordinal);
        Assert.Contains("一、审查意见", text, StringComparison.Ordinal);
        Assert.Contains(paragraph, text, StringComparison.Ordinal);
        Assert.Contains(english, text, StringComparison.Ordinal);
        Assert.Contains("项目名称：一项评价TS-101片治疗2型糖尿病的多中心随机双盲研究", text, StringComparison.Ordinal);
        Assert.Contains("申办者：示例制药有限公司", text, StringComparison.Ordinal);
        Assert.Equal(title, pdf.Information.Title);
        AssertEveryLetterWithinTheMargins(pdf);
    }

    [Fact]
    public void Render_WhenATableRunsOverPages_PrintsEveryRowOnceAndRepeatsTheHeader()
    {
        var hashes = Enumerable.Range(1, 120).Select(Sha256Of).ToList();
        var rows = hashes.Select((hash, i) => (IReadOnlyList<string>)
            [(i + 1).ToString(CultureInfo.InvariantCulture), $"知情同意书（第{i + 1}版）.pdf", hash, "已审阅"]).ToList();
        var document = new PrintedDocument("会议记录", "第12次会议",
        [
            new ParagraphBlock("本次会议审阅的文件如下。"),
            new TableBlock([new TableColumn("序号", 0.6), new TableColumn("文件名称", 2.4), new TableColumn("SHA-256", 3, Monospace: true), new TableColumn("备注", 1)], rows),
            new SignatureBlock("记录人签字"),
        ]);

        using var pdf = PdfDocument.Open(DocumentPdf.Render(document));

        var pages = pdf.GetPages().ToList();
        Assert.True(pages.Count > 1, $"120 rows should not fit on one page, but the PDF has {pages.Count}.");
        for (var n = 1; n <= pages.Count; n++)
        {
            var text = pages[n - 1].Text;
            Assert.Contains($"第 {n} 页 / 共 {pages.Count} 页", text, StringComparison.Ordinal);
            Assert.Equal(1, Occurrences(text, "文件名称SHA-256备注"));  // the header row, once on every page
        }
        var all = string.Concat(pages.Select(p => p.Text));
        var previous = -1;
        for (var i = 0; i < hashes.Count; i++)
        {
            Assert.Equal(1, Occurrences(all, hashes[i]));
            var at = all.IndexOf(hashes[i], StringComparison.Ordinal);
            Assert.True(at > previous, $"row {i + 1} is out of order");
            Assert.Contains($"知情同意书（第{i + 1}版）.pdf", all, StringComparison.Ordinal);
            previous = at;
        }
        Assert.Contains("记录人签字：", pages[^1].Text, StringComparison.Ordinal);
        AssertEveryLetterWithinTheMargins(pdf);
    }

    [Fact]
    public void Render_WhenAHashIsWiderThanItsCell_WrapsItWithNoCharacterCutOrLost()
    {
        var hash = Sha256Of(7);
        // Three hashes run together: no space to break at, wider than the page.
        var unbroken = Sha256Of(1) + Sha256Of(2) + Sha256Of(3);
        var document = new PrintedDocument("文件清单", null,
        [
            new TableBlock([new TableColumn("文件", 2), new TableColumn("SHA-256", 1, Monospace: true)], [["研究方案 v2.1", hash]]),
            new KeyValueBlock([new KeyValueLine("合并摘要", unbroken, Monospace: true)]),
            new ParagraphBlock(unbroken),
        ]);

        using var pdf = PdfDocument.Open(DocumentPdf.Render(document));

        var page = pdf.GetPage(1);
        Assert.Contains(hash, page.Text, StringComparison.Ordinal);
        Assert.Equal(2, Occurrences(page.Text, unbroken));
        // Whole, but over more than one line: the characters sit on several baselines, all within the hash's column.
        var hashLetters = LettersOf(page, hash);
        Assert.True(Baselines(hashLetters) > 1, "the hash should wrap within its narrow column");
        var columnLeft = Margin + ((PageWidth - (2 * Margin)) * 2 / 3);
        Assert.All(hashLetters, l => Assert.InRange(l.BoundingBox.Left, columnLeft, PageWidth - Margin));
        Assert.True(Baselines(LettersOf(page, unbroken)) > 1, "the run-together hashes should wrap");
        AssertEveryLetterWithinTheMargins(pdf);
    }

    [Fact]
    public void Render_WhenOptionalPartsAreEmpty_RendersThemOnOnePage()
    {
        var document = new PrintedDocument("伦理审查意见", null,
        [
            new HeadingBlock(""),
            new ParagraphBlock(""),
            new KeyValueBlock([]),
            new KeyValueBlock([new KeyValueLine("备注", "")]),
            new TableBlock([new TableColumn("审查文件")], []),
            new SignatureBlock("主任委员签字"),
        ]);

        using var pdf = PdfDocument.Open(DocumentPdf.Render(document));

        Assert.Equal(1, pdf.NumberOfPages);
        var text = pdf.GetPage(1).Text;
        Assert.Contains("伦理审查意见", text, StringComparison.Ordinal);
        Assert.Contains("备注：", text, StringComparison.Ordinal);
        Assert.Contains("审查文件", text, StringComparison.Ordinal);
        Assert.Contains("主任委员签字：", text, StringComparison.Ordinal);
        Assert.Contains("第 1 页 / 共 1 页", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenTheDocumentHasNoBlocks_PrintsTheTitleAndThePageNumber()
    {
        using var pdf = PdfDocument.Open(DocumentPdf.Render(new PrintedDocument("会议记录", "", [])));

        Assert.Equal(1, pdf.NumberOfPages);
        Assert.Equal("会议记录第 1 页 / 共 1 页", pdf.GetPage(1).Text);
    }

    [Fact]
    public void Render_WhenARowIsTallerThanAPage_SplitsItAtLinesAndLosesNothing()
    {
        var sentences = string.Concat(Enumerable.Range(1, 400).Select(i => $"第{i}条意见已记录。"));
        var document = new PrintedDocument("会议记录", null,
            [new TableBlock([new TableColumn("议题", 1), new TableColumn("讨论", 5)], [["长篇讨论", sentences], ["下一项", "无"]])]);

        using var pdf = PdfDocument.Open(DocumentPdf.Render(document));

        Assert.True(pdf.NumberOfPages > 1);
        var letters = pdf.GetPages().SelectMany(p => p.Letters).ToList();
        Assert.Equal(400, letters.Count(l => l.Value == "条"));
        Assert.Contains("下一项", string.Concat(pdf.GetPages().Select(p => p.Text)), StringComparison.Ordinal);
        AssertEveryLetterWithinTheMargins(pdf);
    }

    [Fact]
    public async Task Render_WhenCalledFromSeveralThreadsAtOnce_GivesEachItsOwnWholeDocument()
    {
        // Requests render side by side, and PDFsharp keeps its fonts in statics.
        var texts = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => Task.Run(() =>
        {
            var document = new PrintedDocument($"第{i}号意见", null, [new ParagraphBlock($"议题{i}：同意。{Sha256Of(i)}")]);
            using var pdf = PdfDocument.Open(DocumentPdf.Render(document));
            return pdf.GetPage(1).Text;
        })));

        for (var i = 1; i <= texts.Length; i++)
        {
            Assert.Equal($"第{i}号意见议题{i}：同意。{Sha256Of(i)}第 1 页 / 共 1 页", texts[i - 1]);
        }
    }

    [Fact]
    public void Render_WhenARowHasTooFewCells_SaysWhichRow()
    {
        var document = new PrintedDocument("会议记录", null,
            [new TableBlock([new TableColumn("序号"), new TableColumn("文件")], [["1", "方案"], ["2"]])]);

        var error = Assert.Throws<ArgumentException>(() => DocumentPdf.Render(document));

        Assert.Contains("row 2 has 1 cells", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFaces_WhenTheFontFileIsMissing_NamesTheFileAndThePackage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => DocumentFonts.ReadFaces("/nonexistent/wqy-zenhei.ttc"));

        Assert.Contains("/nonexistent/wqy-zenhei.ttc", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y fonts-wqy-zenhei", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WhenGivenAnOpinionLetterAndMinutes_WritesSamplesToLookAt()
    {
        var letter = DocumentPdf.Render(SampleOpinionLetter());
        var minutes = DocumentPdf.Render(SampleMinutes());

        // For a person to open: committee-samples/ in the test output folder (not committed).
        var folder = Path.Combine(AppContext.BaseDirectory, "committee-samples");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "opinion-letter.pdf"), letter);
        File.WriteAllBytes(Path.Combine(folder, "minutes.pdf"), minutes);

        Assert.True(letter.AsSpan().StartsWith("%PDF-"u8));
        // The font is embedded as the subset the letter uses, not whole (the face alone is 11 MB).
        Assert.True(letter.Length < 200_000, $"the letter is {letter.Length} bytes");
    }

    private static PrintedDocument SampleOpinionLetter() => new(
        "伦理审查批件",
        "伦审〔2026〕第12号",
        [
            new KeyValueBlock(
            [
                new KeyValueLine("项目名称", "一项评价TS-101片治疗2型糖尿病患者有效性和安全性的多中心、随机、双盲、安慰剂对照III期临床研究"),
                new KeyValueLine("方案编号", "TS-101-301"),
                new KeyValueLine("申办者", "示例制药有限公司（Demo Pharma Co., Ltd.）"),
                new KeyValueLine("主要研究者", "张三（内分泌科）"),
                new KeyValueLine("审查类别", "初始审查"),
                new KeyValueLine("审查方式", "会议审查"),
                new KeyValueLine("会议日期", "2026年1月5日"),
                new KeyValueLine("送审文件摘要", Sha256Of(42), Monospace: true),
            ]),
            new HeadingBlock("一、审查文件"),
            new TableBlock(
                [new TableColumn("序号", 0.6), new TableColumn("文件名称", 2.4), new TableColumn("版本/日期", 1.4), new TableColumn("SHA-256", 2.6, Monospace: true)],
                [
                    ["1", "临床试验方案", "2.1 / 2025-12-01", Sha256Of(1)],
                    ["2", "知情同意书（成人版）", "3.0 / 2025-12-01", Sha256Of(2)],
                    ["3", "研究者手册", "5.0 / 2025-10-15", Sha256Of(3)],
                    ["4", "病例报告表（CRF）样表", "1.2 / 2025-11-20", Sha256Of(4)],
                ]),
            new HeadingBlock("二、审查意见"),
            new ParagraphBlock(
                "经本伦理委员会2026年1月5日第12次会议审查，认为该项目的研究方案符合《涉及人的生命科学和医学研究伦理审查办法》及" +
                "《药物临床试验质量管理规范》的要求，受试者的风险与受益比合理，知情同意书内容完整、语言通俗易懂。"),
            new ParagraphBlock("审查结论：同意。"),
            new HeadingBlock("三、要求"),
            new ParagraphBlock(
                "1. 请严格按照批准的方案开展研究，方案或知情同意书的任何修改须经本委员会批准后方可实施。\n" +
                "2. 发生严重不良事件（SAE）时，请按规定及时报告。\n" +
                "3. 请于批准之日起12个月内提交年度进展报告（跟踪审查频率：12个月）。"),
            new SignatureBlock("主任委员签字", Date: "2026年1月6日"),
            new SignatureBlock("伦理委员会（盖章）"),
        ]);

    private static PrintedDocument SampleMinutes() => new(
        "伦理委员会会议记录",
        "2026年第12次会议",
        [
            new KeyValueBlock(
            [
                new KeyValueLine("会议时间", "2026年1月5日 14:00–17:30"),
                new KeyValueLine("会议地点", "门诊楼5层第二会议室"),
                new KeyValueLine("主持人", "李四（主任委员）"),
                new KeyValueLine("出席委员", "李四、王五、赵六、钱七、孙八、周九、吴十（共7人，其中外单位委员2人）"),
                new KeyValueLine("缺席委员", ""),
                new KeyValueLine("记录人", "郑十一（秘书）"),
            ]),
            new HeadingBlock("一、利益冲突声明"),
            new ParagraphBlock("主持人询问到会委员是否与本次审查项目存在利益冲突。王五委员声明与议题3的申办者存在咨询关系，回避该议题的讨论和投票。"),
            new HeadingBlock("二、审查项目"),
            new TableBlock(
                [new TableColumn("序号", 0.5), new TableColumn("项目名称", 3), new TableColumn("审查类别", 1), new TableColumn("决定", 0.8), new TableColumn("投票（同意/不同意/弃权）", 1.4)],
                [.. Enumerable.Range(1, 45).Select(i => (IReadOnlyList<string>)
                [
                    i.ToString(CultureInfo.InvariantCulture),
                    i % 3 == 0 ? $"TS-{100 + i}注射液在晚期实体瘤患者中的I期剂量递增研究" : $"一项评价TS-{100 + i}片治疗2型糖尿病的多中心随机双盲研究（方案编号TS-{100 + i}-301）",
                    i % 2 == 0 ? "初始审查" : "修正案审查",
                    i % 5 == 0 ? "作必要修正后同意" : "同意",
                    i % 5 == 0 ? "5/1/1" : "7/0/0",
                ])]),
            new HeadingBlock("三、其他事项"),
            new ParagraphBlock("无。"),
            new SignatureBlock("主任委员签字"),
            new SignatureBlock("记录人签字"),
        ]);

    private static string Sha256Of(int seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ToString(CultureInfo.InvariantCulture))));

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }

    private static int Baselines(IEnumerable<Letter> letters) => letters.Select(l => Math.Round(l.StartBaseLine.Y, 1)).Distinct().Count();

    [Fact]
    public void Render_AChartInEnglish_PrintsEveryBarsLabelAndValueWithinTheMargins_AndTheSameBytesForTheSameDate()
    {
        var bars = Enumerable.Range(1, 20).Select(i => new ChartBar($"Step number {i} with a long label that wraps in its column", i * 3.5,
            string.Create(CultureInfo.InvariantCulture, $"{i * 3.5} days"), i * 2.0)).ToList();
        var document = new PrintedDocument("A chart", null,
        [
            new ParagraphBlock(string.Join(' ', Enumerable.Repeat("Filler to push the chart down the page.", 60))),
            new HeadingBlock("The heading stays with its chart"),
            new ChartBlock("Turnaround per step", bars, "nothing", new ChartReference(50, "50 days"), "target"),
            new KeyValueBlock([new KeyValueLine("Events", "12")]),
        ], "en", new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));

        var bytes = DocumentPdf.Render(document);
        Assert.Equal(bytes, DocumentPdf.Render(document));
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Concat(pdf.GetPages().Select(p => p.Text));
        Assert.All(bars, b => Assert.Contains(b.ValueText, text, StringComparison.Ordinal));
        Assert.Contains("Events: 12", text, StringComparison.Ordinal); // an English colon
        Assert.Contains($"Page 1 of {pdf.NumberOfPages}", pdf.GetPage(1).Text, StringComparison.Ordinal);

        // The chart did not fit under the filler, so it starts a page, and its heading goes with it.
        var chartPage = pdf.GetPages().First(p => p.Text.Contains("Turnaround per step", StringComparison.Ordinal));
        Assert.Contains("The heading stays with its chart", chartPage.Text, StringComparison.Ordinal);
        Assert.Contains("70 days", chartPage.Text, StringComparison.Ordinal); // the last bar, on the same page
        AssertEveryLetterWithinTheMargins(pdf);

        // A chart taller than a page starts under its heading and goes on over the next page.
        var tall = Enumerable.Range(1, 60).Select(i => new ChartBar($"Row {i}, long enough to take two lines in the chart's label column", i, $"{i} sites")).ToList();
        using var split = PdfDocument.Open(DocumentPdf.Render(new PrintedDocument("A tall chart", null,
            [new ParagraphBlock("One paragraph first."), new HeadingBlock("A tall chart's heading"), new ChartBlock("Every row", tall, "none")], "en")));
        Assert.Contains("A tall chart's heading", split.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Contains("1 sites", split.GetPage(1).Text, StringComparison.Ordinal);
        Assert.Contains("60 sites", string.Concat(split.GetPages().Skip(1).Select(p => p.Text)), StringComparison.Ordinal);
        AssertEveryLetterWithinTheMargins(split);
    }

    [Fact]
    public void Render_AChartWithANegativeBar_NamesTheBlockAndTheBar()
    {
        var document = new PrintedDocument("A chart", null, [new ChartBlock("Shares", [new ChartBar("fine", 1, "1"), new ChartBar("wrong", -1, "-1")], "none")]);
        var error = Assert.Throws<ArgumentException>(() => DocumentPdf.Render(document));
        Assert.Contains("Block 1, a chart (Shares): bar 2 (wrong)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Html_OfAChart_DrawsABarPerPositiveValue_WithEveryValueAsText_AndNoOutsideResource()
    {
        var document = new PrintedDocument("白皮书 <2026>", "副标题",
        [
            new ChartBlock("分布", [new ChartBar("0–29天", 0, "0"), new ChartBar("30–59天", 3, "3"), new ChartBar("60–89天", 1, "1")], "无"),
            new ChartBlock("空", [], "本期间无数据。"),
            new TableBlock([new TableColumn("指标"), new TableColumn("数量")], [["启动 & 完成", "6"]]),
        ]);

        var html = DocumentHtml.Render(document);
        Assert.Equal(html, DocumentHtml.Render(document));
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>白皮书 &lt;2026&gt;</title>", html, StringComparison.Ordinal); // encoded, not markup
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<rect "));  // the zero draws no bar
        Assert.Contains(">30–59天</text>", html, StringComparison.Ordinal);
        Assert.Contains("<p>本期间无数据。</p>", html, StringComparison.Ordinal);
        Assert.Contains("<td>启动 &amp; 完成</td>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>The letters of the first occurrence of <paramref name="part"/> on the page (which must be there).</summary>
    private static IReadOnlyList<Letter> LettersOf(Page page, string part)
    {
        var letters = page.Letters;
        var text = string.Concat(letters.Select(l => l.Value));
        var at = text.IndexOf(part, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{part}' is not on the page");
        // Every letter of these texts is one UTF-16 character, so the index into the text is the index into the letters.
        Assert.Equal(text.Length, letters.Count);
        return [.. letters.Skip(at).Take(part.Length)];
    }

    /// <summary>No glyph crosses the side margins or the top, and only the page number is printed below the content's foot.</summary>
    private static void AssertEveryLetterWithinTheMargins(PdfDocument pdf)
    {
        foreach (var page in pdf.GetPages())
        {
            foreach (var letter in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)))
            {
                var box = letter.BoundingBox;
                var where = $"'{letter.Value}' on page {page.Number} at ({box.Left:0.#}, {box.Bottom:0.#})–({box.Right:0.#}, {box.Top:0.#})";
                Assert.True(box.Left >= Margin - Tolerance && box.Right <= PageWidth - Margin + Tolerance, where + " crosses a side margin");
                Assert.True(box.Top <= PageHeight - Margin + Tolerance, where + " crosses the top margin");
                var isPageNumber = letter.StartBaseLine.Y < 40;
                Assert.True(isPageNumber || box.Bottom >= ContentBottom - Tolerance, where + " crosses the bottom margin");
            }
        }
    }
}
