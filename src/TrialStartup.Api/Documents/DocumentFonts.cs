namespace TrialStartup.Api.Documents;

using System.Buffers.Binary;
using PdfSharp.Fonts;

/// <summary>
/// The Chinese font the committee's PDFs embed: WenQuanYi Zen Hei from Debian's fonts-wqy-zenhei, the font the browser
/// tests already install. Its proportional face prints the text and its monospaced face (the same glyphs, Latin at half
/// an em) prints hashes. PDFsharp embeds only the glyphs a document uses, so a letter stays tens of kilobytes.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    public const string CollectionPath = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
    public const string DebianPackage = "fonts-wqy-zenhei";

    /// <summary>The family name of the proportional face, for <see cref="PdfSharp.Drawing.XFont"/>.</summary>
    public const string Text = "WenQuanYi Zen Hei";

    /// <summary>The family name of the monospaced face.</summary>
    public const string Monospace = "WenQuanYi Zen Hei Mono";

    // The faces' positions in the collection (fc-scan lists them: Zen Hei, Zen Hei Mono, Zen Hei Sharp).
    private const int TextFace = 0;
    private const int MonospaceFace = 1;

    private static readonly Lock Gate = new();
    private static DocumentFonts? installed;

    private readonly byte[] text;
    private readonly byte[] monospace;

    private DocumentFonts(byte[] text, byte[] monospace)
    {
        this.text = text;
        this.monospace = monospace;
    }

    /// <summary>
    /// Reads the font once per process and makes it PDFsharp's font resolver, which PDFsharp keeps in a static. Throws
    /// an <see cref="InvalidOperationException"/> naming the file and the package when the font is missing, before any
    /// page is drawn.
    /// </summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            if (installed is not null)
            {
                return;
            }
            var (text, monospace) = ReadFaces(CollectionPath);
            installed = new DocumentFonts(text, monospace);
            GlobalFontSettings.FontResolver = installed;
        }
    }

    /// <summary>
    /// The proportional and monospaced faces of the collection at <paramref name="path"/>, each as a font file of its own:
    /// PDFsharp 6.2 reads single-face font files only (a .ttc fails inside it with a NullReferenceException). Zen Hei is
    /// taken although Debian has single-file Chinese fonts (AR PL SungtiL GB, Droid Sans Fallback) because the test
    /// machines install it already, it has Latin glyphs and a monospaced face of the same design, and it covers GBK.
    /// </summary>
    internal static (byte[] Text, byte[] Monospace) ReadFaces(string path)
    {
        byte[] collection;
        try
        {
            collection = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"The committee's PDF documents need the Chinese font {path}, which could not be read ({e.Message}). " +
                $"Install Debian's package {DebianPackage} (apt-get install -y {DebianPackage}); on a test machine " +
                "tests/start-test-services.sh documents does, and deploy/docker/Api.Dockerfile installs it in the image.", e);
        }
        try
        {
            return (ExtractFace(collection, TextFace), ExtractFace(collection, MonospaceFace));
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentOutOfRangeException)
        {
            throw new InvalidOperationException(
                $"{path} is not the WenQuanYi Zen Hei collection the committee's PDF documents need ({e.Message}); " +
                $"reinstall Debian's package {DebianPackage}.", e);
        }
    }

    /// <summary>
    /// Face <paramref name="index"/> of a TrueType collection as a standalone font file: its table directory with each
    /// table copied after it. In a collection the faces share tables and the directory's offsets count from the file's
    /// start, so the tables are copied and the offsets rewritten.
    /// </summary>
    internal static byte[] ExtractFace(byte[] collection, int index)
    {
        var file = collection.AsSpan();
        if (file.Length < 12 || !file[..4].SequenceEqual("ttcf"u8))
        {
            throw new InvalidDataException("not a TrueType collection (no 'ttcf' header)");
        }
        var faces = BinaryPrimitives.ReadUInt32BigEndian(file[8..]);
        if (index < 0 || index >= faces)
        {
            throw new InvalidDataException($"the collection has {faces} faces, not a face {index}");
        }
        var directory = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[(12 + (4 * index))..]));
        int tableCount = BinaryPrimitives.ReadUInt16BigEndian(file[(directory + 4)..]);
        var headerLength = 12 + (16 * tableCount);

        var tables = new (int Record, int Offset, int Length)[tableCount];
        var size = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var record = directory + 12 + (16 * i);
            var offset = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[(record + 8)..]));
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[(record + 12)..]));
            if (offset + length > file.Length)
            {
                throw new InvalidDataException($"table {i} of face {index} runs past the end of the file");
            }
            tables[i] = (record, offset, length);
            size = checked(size + Padded(length));
        }

        var font = new byte[size];
        file.Slice(directory, 12).CopyTo(font);
        var at = headerLength;
        for (var i = 0; i < tableCount; i++)
        {
            var (record, offset, length) = tables[i];
            var entry = font.AsSpan(12 + (16 * i), 16);
            file.Slice(record, 16).CopyTo(entry);
            BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)at);
            file.Slice(offset, length).CopyTo(font.AsSpan(at));
            at += Padded(length);
        }
        return font;
    }

    // Tables start on four-byte boundaries.
    private static int Padded(int length) => (length + 3) & ~3;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        // Zen Hei has no bold face: PDFsharp emboldens the regular one.
        Text or Monospace => new FontResolverInfo(familyName, bold, italic),
        _ => null,
    };

    public byte[]? GetFont(string faceName) => faceName switch
    {
        Text => text,
        Monospace => monospace,
        _ => null,
    };
}
