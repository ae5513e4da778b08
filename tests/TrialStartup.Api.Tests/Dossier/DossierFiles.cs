namespace TrialStartup.Api.Tests.Dossier;

using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using TrialStartup.Api.Tests.Infrastructure;

/// <summary>Small files of each type, and the requests that upload them.</summary>
internal static class DossierFiles
{
    public const string PdfType = "application/pdf";
    public const string DocxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// The dossier a submission needs, from the specification (README: "needs protocol, IB, ICF, contract draft,
    /// budget"), in the upload form's <c>kind</c> values. Written out here, not read from the product, so that dropping
    /// one from the product's rule fails a test.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredKinds =
        ["protocol", "investigator-brochure", "informed-consent", "contract-draft", "budget"];

    /// <summary>A PDF as far as its magic bytes go; a distinct body each time, so hashes differ.</summary>
    public static byte[] Pdf(string text = "protocol") =>
        Encoding.UTF8.GetBytes($"%PDF-1.7\n1 0 obj << /Title ({text} {Guid.NewGuid()}) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>
    /// A PDF a viewer can show: one A4 page saying <paramref name="text"/> (ASCII) in Helvetica, with a correct cross-reference
    /// table, so a browser's viewer counts its pages instead of reporting a damaged file.
    /// </summary>
    public static byte[] OnePagePdf(string text)
    {
        var content = $"BT /F1 24 Tf 72 760 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>(objects.Length);
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var table = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 4];

    public static byte[] Text() => Encoding.UTF8.GetBytes("Protocol v2 — 方案 (plain text, not a PDF)\n");

    public static byte[] Docx() => OfficeFile("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml");

    public static byte[] Xlsx() => OfficeFile("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");

    public static byte[] Docm() => OfficeFile("word/document.xml", "application/vnd.ms-word.document.macroEnabled.main+xml");

    /// <summary>A ZIP that is not an Office file (no [Content_Types].xml).</summary>
    public static byte[] PlainZip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "readme.txt", "hello");
        }

        return memory.ToArray();
    }

    /// <summary>The multipart body of an upload; <paramref name="contentType"/> null sends the part without one.</summary>
    public static MultipartFormDataContent Form(string? kind, byte[]? content, string fileName = "document.pdf", string? contentType = PdfType,
        string? boundary = null)
    {
        var form = boundary is null ? new MultipartFormDataContent() : new MultipartFormDataContent(boundary);
        if (kind is not null)
        {
            form.Add(new StringContent(kind), "kind");
        }

        if (content is not null)
        {
            var file = new ByteArrayContent(content);
            if (contentType is not null)
            {
                file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }

            form.Add(file, "file", fileName);
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid projectId, string? kind, byte[]? content,
        string fileName = "document.pdf", string? contentType = PdfType) =>
        client.PostAsync(new Uri($"/api/v1/site-projects/{projectId}/documents", UriKind.Relative), Form(kind, content, fileName, contentType));

    public static Uri ListUri(Guid projectId) => new($"/api/v1/site-projects/{projectId}/documents", UriKind.Relative);

    public static Uri ContentUri(Guid projectId, Guid documentId) => new($"/api/v1/site-projects/{projectId}/documents/{documentId}/content", UriKind.Relative);

    /// <summary>Every file under the host's document store, staging area included.</summary>
    public static IReadOnlyList<string> StoredFiles(ApiFactory api)
    {
        var folder = Path.Combine(api.DataFolder, "documents");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    private static byte[] OfficeFile(string mainPart, string mainContentType)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + $"<Override PartName=\"/{mainPart}\" ContentType=\"{mainContentType}\"/></Types>");
            Write(zip, mainPart, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><root/>");
        }

        return memory.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
