namespace TrialStartup.Api.Dossier;

using System.IO.Compression;
using System.Text.Unicode;
using System.Xml;

/// <summary>What a file's content is, judged by its bytes, and whether the dossier accepts it.</summary>
/// <param name="MediaType">The detected media type (also named in a refusal).</param>
/// <param name="Accepted">PDF, DOCX and XLSX are accepted.</param>
/// <param name="Extension">The extension that belongs to an accepted type, with the dot.</param>
internal sealed record DetectedContent(string MediaType, bool Accepted, string? Extension);

/// <summary>
/// Detects a document's type from its content (magic bytes), never from the name or the declared type, which the
/// uploader controls. Accepted: PDF, and OOXML Word and Excel files, whose main part type is read from
/// <c>[Content_Types].xml</c> so that a macro-enabled file renamed to <c>.docx</c> is still refused. Other types are
/// only named, so the refusal can say what the file was.
/// </summary>
internal static class ContentSniffer
{
    public const string Pdf = "application/pdf";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Zip = "application/zip";

    private const int HeadLength = 8192;

    // [Content_Types].xml of real documents is a few KiB; the cap keeps a crafted archive from inflating in memory.
    private const int MaxContentTypesBytes = 1024 * 1024;

    private static readonly Dictionary<string, (string MediaType, bool Accepted)> MainParts = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"] = (Docx, true),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"] = (Xlsx, true),
        ["application/vnd.ms-word.document.macroEnabled.main+xml"] = ("application/vnd.ms-word.document.macroEnabled.12", false),
        ["application/vnd.ms-excel.sheet.macroEnabled.main+xml"] = ("application/vnd.ms-excel.sheet.macroEnabled.12", false),
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"] =
            ("application/vnd.openxmlformats-officedocument.wordprocessingml.template", false),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"] =
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.template", false),
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"] =
            ("application/vnd.openxmlformats-officedocument.presentationml.presentation", false),
    };

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>The extension that belongs to an accepted type (with the dot), else <c>null</c>.</summary>
    public static string? ExtensionOf(string mediaType) => mediaType switch
    {
        Pdf => ".pdf",
        Docx => ".docx",
        Xlsx => ".xlsx",
        _ => null,
    };

    /// <summary>Detects the type of the file at <paramref name="path"/>.</summary>
    public static DetectedContent Detect(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[HeadLength];
        var length = file.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var head = buffer.AsSpan(0, length);
        if (head.StartsWith(PdfMagic))
        {
            return new(Pdf, true, ".pdf");
        }

        if (head.StartsWith(ZipMagic))
        {
            file.Position = 0;
            return DetectOpenXml(file);
        }

        var named = head switch
        {
            _ when head.StartsWith(PngMagic) => "image/png",
            _ when head.StartsWith(JpegMagic) => "image/jpeg",
            _ when head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8) => "image/gif",
            _ when head.StartsWith(OleMagic) => "application/x-ole-storage", // legacy .doc / .xls
            _ when head.StartsWith("{\\rtf"u8) => "application/rtf",
            _ when IsText(head, truncated: length == HeadLength) => "text/plain",
            _ => "application/octet-stream",
        };
        return new(named, false, null);
    }

    private static DetectedContent DetectOpenXml(FileStream file)
    {
        var notOffice = new DetectedContent(Zip, false, null);
        try
        {
            // Reads the central directory and one small entry only; nothing else is inflated.
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            var contentTypes = zip.GetEntry("[Content_Types].xml");
            if (contentTypes is null || contentTypes.Length > MaxContentTypesBytes)
            {
                return notOffice;
            }

            foreach (var (partName, contentType) in ReadOverrides(contentTypes))
            {
                if (MainParts.TryGetValue(contentType, out var main) && zip.GetEntry(partName.TrimStart('/')) is not null)
                {
                    return new(main.MediaType, main.Accepted, ExtensionOf(main.MediaType));
                }
            }

            return notOffice;
        }
        catch (Exception e) when (e is InvalidDataException or XmlException or NotSupportedException or IOException)
        {
            return notOffice;
        }
    }

    private static List<(string PartName, string ContentType)> ReadOverrides(ZipArchiveEntry contentTypes)
    {
        using var entry = contentTypes.Open();
        using var bounded = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = entry.Read(buffer)) > 0)
        {
            // The declared size can lie; stop inflating at the cap whatever the header says.
            if (bounded.Length + read > MaxContentTypesBytes)
            {
                throw new InvalidDataException("[Content_Types].xml is larger than any real document's");
            }

            bounded.Write(buffer, 0, read);
        }

        bounded.Position = 0;
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(bounded, settings);
        var overrides = new List<(string, string)>();
        while (reader.Read())
        {
            if (reader is { NodeType: XmlNodeType.Element, LocalName: "Override" }
                && reader.GetAttribute("PartName") is { } part && reader.GetAttribute("ContentType") is { } type)
            {
                overrides.Add((part, type));
            }
        }

        return overrides;
    }

    // Valid UTF-8 without NUL bytes; a head cut off mid-character is still text.
    private static bool IsText(ReadOnlySpan<byte> head, bool truncated)
    {
        if (head.IsEmpty || head.Contains((byte)0))
        {
            return false;
        }

        for (var cut = 0; cut <= (truncated ? 3 : 0) && cut < head.Length; cut++)
        {
            if (Utf8.IsValid(head[..^cut]))
            {
                return true;
            }
        }

        return false;
    }
}
