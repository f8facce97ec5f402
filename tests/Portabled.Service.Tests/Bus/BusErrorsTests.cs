// SPDX-License-Identifier: LGPL-2.1-or-later
using System.Reflection;
using Portabled.Core.Errors;
using Portabled.Core.Versions;
using Portabled.Dissect;
using Portabled.Dissect.FileSystems;
using Portabled.SdBus;
using Portabled.Service.Bus;

namespace Portabled.Service.Tests.Bus;

public class BusErrorsTests
{
    public static TheoryData<Exception, string?> Exceptions => new()
    {
        { new NoSuchImageException("x"), "org.freedesktop.portable1.NoSuchImage" },
        { new ErrnoException(Errno.ESTALE, "stale"), "System.Error.ESTALE" },
        { new FileNotFoundException("gone"), "org.freedesktop.DBus.Error.FileNotFound" },
        { new DirectoryNotFoundException("gone"), "org.freedesktop.DBus.Error.FileNotFound" },
        { new UnauthorizedAccessException("no"), "org.freedesktop.DBus.Error.AccessDenied" },
        { new IOException("raw errno", Errno.ENOSPC), "System.Error.ENOSPC" },
        { new PathTooLongException("long"), "System.Error.ENAMETOOLONG" },
        // Core translates what the readers throw; one that escaped is a bug, not an I/O error.
        { new InvalidImageException("/i.raw", "corrupt"), null },
        { new SymbolicLinkLoopException("/x"), null },
        { new InvalidOperationException("bug"), null },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void Map_Exception_PortableOrDotNetIoOnly(Exception e, string? errorName)
    {
        Assert.Equal(errorName, BusErrors.Map(e, UpstreamBehavior.V262)?.ErrorName);
    }

    // 262's sd-bus shows control characters of error messages as \xNN (observed for all of them).
    [Theory]
    [InlineData("Unknown copy mode 'a\u0001b'", "Unknown copy mode 'a\\x01b'")]
    [InlineData("a\tb\nc", "a\tb\nc")]
    [InlineData("a\rb\u001bc\u007fd", "a\\x0db\\x1bc\\x7fd")]
    [InlineData("a\u0085b\u00a0c", "a\\xc2\\x85b\u00a0c")]
    [InlineData("back\\slash", "back\\slash")]
    public void Map_ControlCharacters_EscapedIn262Only(string message, string escaped)
    {
        var e = new InvalidArgumentsException(message);
        Assert.Equal(escaped, BusErrors.Map(e, UpstreamBehavior.V262)!.Message);
        Assert.Equal(message, BusErrors.Map(e, UpstreamBehavior.V252)!.Message);
    }

    // Core names errnos itself (Errno.ToErrorName); sd-bus must agree for every errno Core uses.
    [Fact]
    public void ErrnoNames_AgreeWithSdBus()
    {
        IEnumerable<int> errnos = typeof(Errno).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => (int)f.GetRawConstantValue()!);
        foreach (int errno in errnos)
        {
            DBusException sdBus = DBusException.FromErrno(errno);
            Assert.Equal((errno, sdBus.ErrorName, sdBus.Message), (errno, Errno.ToErrorName(errno), Errno.ToMessage(errno)));
        }
    }
}
