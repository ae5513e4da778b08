using System.Text;
using TrialStartup.Cli;

// Titles in the shipped definitions are bilingual (English and Chinese), so diagrams must not be mangled by a
// console that defaults to a legacy code page.
Console.OutputEncoding = Encoding.UTF8;
return CliApp.Run(args, Console.Out, Console.Error);
