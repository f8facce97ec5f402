// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Logging;
using Portabled.Core.Errors;
using Portabled.Core.Host;
using Portabled.Core.Images;
using Portabled.Core.Opening;
using Portabled.Core.Versions;

namespace Portabled.Core.Lint;

/// <summary>
/// Attach-time explanations (docs/lint.md, "In the daemon's log"): when attach fails, the caller still
/// gets upstream's exact error, and the log gets, per failed lint check, which check and why, in the
/// lint's words, as the properties <c>Check</c>, <c>Subject</c>, <c>Explanation</c> (journal fields
/// CHECK, SUBJECT, EXPLANATION). Logged at Information, unlike the rest of Core: this is for the person
/// whose image was refused, and must reach the journal without debug logging.
/// </summary>
internal static partial class AttachExplainer
{
    /// <summary>Lints what attach was asked and logs each failure; never throws (an explanation must not replace the error).</summary>
    public static void Explain(ILogger logger, HostLayout layout, UpstreamBehavior behavior, IImageOpener opener, PortableImage image,
        IReadOnlyList<string> extensions, IReadOnlyList<string> matches, string profile, PortableException error)
    {
        try
        {
            var request = new LintRequest(image.Path) { Extensions = extensions, Matches = matches.Count == 0 ? null : matches, Profile = profile };
            foreach (LintFinding finding in new ImageLinter(layout, behavior, opener).Lint(request).Findings.Where(f => f.Severity == LintSeverity.Failure))
            {
                AttachCheckFailed(logger, image.Path, finding.Check.Id, finding.Subject, finding.Message, error.Message);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the lint runs into (an image error it meets differently than attach did, a
            // vanished file) is the lint's problem: the caller's error stays the one attach raised.
            LintFailed(logger, image.Path, e.Message);
        }
    }

    [LoggerMessage(EventId = 1040, Level = LogLevel.Information, Message = "Attaching {Image} failed ({Error}); lint check {Check} on {Subject}: {Explanation}")]
    private static partial void AttachCheckFailed(ILogger logger, string image, string check, string subject, string explanation, string error);

    [LoggerMessage(EventId = 1041, Level = LogLevel.Debug, Message = "Explaining the failed attach of {Image} failed, ignoring: {Error}")]
    private static partial void LintFailed(ILogger logger, string image, string error);
}
