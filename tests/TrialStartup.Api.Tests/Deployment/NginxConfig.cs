namespace TrialStartup.Api.Tests.Deployment;

using System.Globalization;
using System.Text;

/// <summary>One directive of an nginx configuration: its name, its arguments, and the directives of its block.</summary>
internal sealed record NginxDirective(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<NginxDirective> Children)
{
    /// <summary>The directives of this block and of every block inside it.</summary>
    public IEnumerable<NginxDirective> Descendants() => Children.SelectMany(c => c.Descendants().Prepend(c));

    /// <summary>The first argument, or <c>null</c> without one.</summary>
    public string? Argument => Arguments.Count > 0 ? Arguments[0] : null;
}

/// <summary>
/// Reads an nginx configuration file as nginx does, enough for these tests: directives end with <c>;</c> or open a
/// <c>{ }</c> block, words may be quoted, <c>#</c> starts a comment. (No includes, no regular expressions holding
/// braces.)
/// </summary>
internal static class NginxConfig
{
    /// <summary>The top-level directives of the file at <paramref name="relativePath"/>.</summary>
    public static IReadOnlyList<NginxDirective> Load(string relativePath) => Parse(RepositoryFiles.ReadText(relativePath));

    public static IReadOnlyList<NginxDirective> Parse(string text)
    {
        var tokens = Tokens(text).ToList();
        var position = 0;
        var directives = Block(tokens, ref position, topLevel: true);
        return directives;
    }

    /// <summary>A size such as <c>60m</c>, <c>512k</c>, <c>1g</c> or <c>1024</c> in bytes.</summary>
    public static long Bytes(string size)
    {
        ArgumentNullException.ThrowIfNull(size);
        var unit = char.ToLowerInvariant(size[^1]);
        var factor = unit switch { 'k' => 1024L, 'm' => 1024L * 1024, 'g' => 1024L * 1024 * 1024, _ => 1L };
        var digits = factor == 1 ? size : size[..^1];
        return long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * factor;
    }

    private static List<NginxDirective> Block(List<(string Text, bool Symbol)> tokens, ref int position, bool topLevel)
    {
        var directives = new List<NginxDirective>();
        while (position < tokens.Count)
        {
            var (text, symbol) = tokens[position++];
            if (symbol && text == "}")
            {
                return topLevel ? throw new FormatException("a '}' closes no block") : directives;
            }

            if (symbol)
            {
                throw new FormatException($"'{text}' where a directive's name was expected");
            }

            var arguments = new List<string>();
            while (true)
            {
                if (position >= tokens.Count)
                {
                    throw new FormatException($"directive '{text}' has no ';' or block");
                }

                var (word, isSymbol) = tokens[position++];
                if (!isSymbol)
                {
                    arguments.Add(word);
                }
                else if (word == ";")
                {
                    directives.Add(new NginxDirective(text, arguments, []));
                    break;
                }
                else if (word == "{")
                {
                    directives.Add(new NginxDirective(text, arguments, Block(tokens, ref position, topLevel: false)));
                    break;
                }
                else
                {
                    throw new FormatException($"directive '{text}' ends with '}}' instead of ';'");
                }
            }
        }

        return topLevel ? directives : throw new FormatException("a block is not closed");
    }

    private static IEnumerable<(string Text, bool Symbol)> Tokens(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is '{' or '}' or ';')
            {
                i++;
                yield return (c.ToString(), true);
            }
            else if (c is '"' or '\'')
            {
                var word = new StringBuilder();
                for (i++; i < text.Length && text[i] != c; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    word.Append(text[i]);
                }

                if (i >= text.Length)
                {
                    throw new FormatException("a quoted word is not closed");
                }

                i++;
                yield return (word.ToString(), false);
            }
            else
            {
                var start = i;
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not ('{' or '}' or ';'))
                {
                    i++;
                }

                yield return (text[start..i], false);
            }
        }
    }
}
