namespace TrialStartup.Web;

using QRCoder;

/// <summary>
/// The QR code an authenticator app scans, drawn as inline SVG by this host: no image service and no script (the
/// product runs in hospital networks without internet, under a content security policy of its own origin).
/// </summary>
public static class AuthenticatorQrCode
{
    /// <summary>The SVG markup of a QR code carrying <paramref name="otpAuthUri"/> (hidden from screen readers; its container names it).</summary>
    public static string Svg(string otpAuthUri)
    {
        ArgumentException.ThrowIfNullOrEmpty(otpAuthUri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpAuthUri, QRCodeGenerator.ECCLevel.M);
        using var code = new SvgQRCode(data);
        var svg = code.GetGraphic(4);
        var start = svg.IndexOf("<svg", StringComparison.Ordinal);
        return start < 0 ? svg : svg[start..].Replace("<svg ", """<svg aria-hidden="true" focusable="false" """, StringComparison.Ordinal);
    }
}
