// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Portabled.SdBus.Daemon;
using Xunit;

namespace Portabled.SdBus.Tests.Daemon;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NotifySocketCollection
{
    // NOTIFY_SOCKET is process-wide: nothing else may run (or start a child) while it is set.
    public const string Name = "NOTIFY_SOCKET";
}

[Collection(NotifySocketCollection.Name)]
public sealed class ServiceManagerNotifierTests
{
    [Fact]
    public void Notify_WithNotifySocket_SendsTheStateToIt()
    {
        string dir = Directory.CreateTempSubdirectory("portabled-notify-").FullName;
        string path = Path.Join(dir, "notify");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        // Both environments: .NET's (IsEnabled) and the C library's, which sd_notify reads.
        Environment.SetEnvironmentVariable("NOTIFY_SOCKET", path);
        Assert.Equal(0, SetEnv("NOTIFY_SOCKET", path, 1));
        try
        {
            Assert.True(ServiceManagerNotifier.IsEnabled);
            Assert.True(ServiceManagerNotifier.Notify("READY=1\nSTATUS=Serving"));
            var buffer = new byte[256];
            socket.ReceiveTimeout = 10_000;
            int n = socket.Receive(buffer);
            Assert.Equal("READY=1\nSTATUS=Serving", Encoding.UTF8.GetString(buffer, 0, n));
        }
        finally
        {
            Environment.SetEnvironmentVariable("NOTIFY_SOCKET", null);
            UnsetEnv("NOTIFY_SOCKET");
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Notify_WithoutNotifySocket_SendsNothing()
    {
        Assert.Null(Environment.GetEnvironmentVariable("NOTIFY_SOCKET"));
        Assert.False(ServiceManagerNotifier.IsEnabled);
        Assert.False(ServiceManagerNotifier.Notify("READY=1"));
    }

    [DllImport("libc.so.6", EntryPoint = "setenv")]
    private static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc.so.6", EntryPoint = "unsetenv")]
    private static extern int UnsetEnv(string name);
}
