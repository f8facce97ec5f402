// SPDX-License-Identifier: LGPL-2.1-or-later
namespace Portabled.Core.Host;

/// <summary>One line of an intent record.</summary>
/// <param name="Action">What is done.</param>
/// <param name="Path">The logical path changed.</param>
/// <param name="Temporary">For the stage actions: the temporary file name, in the directory of <paramref name="Path"/>.</param>
/// <param name="Replace">For the stage actions: whether an entry at <paramref name="Path"/> is replaced (else the rename refuses it).</param>
internal sealed record IntentEntry(IntentAction Action, string Path, string? Temporary = null, bool Replace = false)
{
    /// <summary>The logical path of the temporary (stage actions only).</summary>
    public string TemporaryPath => System.IO.Path.GetDirectoryName(Path) + "/" + Temporary;

    /// <summary>Whether this is one of the stage actions.</summary>
    public bool IsStage => Action is IntentAction.StageFile or IntentAction.StageTree;
}
