// SPDX-License-Identifier: LGPL-2.1-or-later
using Microsoft.Extensions.Hosting;

namespace Portabled.Service.Hosting;

/// <summary>
/// The host's lifetime outside systemd: Program already turns SIGTERM and SIGINT into the host's
/// stop (it must, before the host exists), so the default console lifetime, which would register
/// the same signals again and set up the terminal, is not needed on the first reply's path
/// (docs/benchmarks.md, "Daemon").
/// </summary>
internal sealed class ProgramLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
