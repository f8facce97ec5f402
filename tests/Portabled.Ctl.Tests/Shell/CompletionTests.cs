// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Ctl.Tests.Differential;
using Portabled.Testing;

namespace Portabled.Ctl.Tests.Shell;

/// <summary>
/// completion/portablectl.bash through bash's own completion variables and compgen, and the zsh
/// completion's helpers and its registration with compinit, against our daemon (image names and
/// profiles come from it): Scenarios/completion.sh must print Golden/completion.txt.
/// </summary>
public sealed class CompletionTests
{
    [RequiresFact("root", "unshare", "dbus-daemon", "busctl", "zsh")]
    public void Completion_BashAndZsh_AsGolden()
    {
        string completion = Path.Join(TestEnvironment.RepositoryRoot, "completion");
        string actual = ScenarioRun.Run("completion.sh", Peer.Ours, Peer.Ours, enqueueMany: false, extraArguments: completion);
        Golden.AssertEqual("completion.txt", actual);
    }
}
