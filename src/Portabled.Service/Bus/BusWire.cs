// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Core.Attach;
using Portabled.Core.Images;
using Portabled.Core;
using Portabled.SdBus;

namespace Portabled.Service.Bus;

/// <summary>How Core's results go on the wire: the reply shapes of portable1 (docs/portable1-api.md, "Changes", "Reply shapes").</summary>
internal static class BusWire
{
    public const string ImagePrefix = "/org/freedesktop/portable1/image";

    public static string ImageObjectPath(string imageName) => ObjectPaths.Encode(ImagePrefix, imageName);

    /// <summary><c>a(sss)</c>: (type, path, source) per change.</summary>
    public static void WriteChanges(MessageWriter w, IReadOnlyList<PortableChange> changes)
    {
        w.BeginArray("(sss)");
        foreach (PortableChange c in changes)
        {
            w.BeginStruct("sss").String(PortableChangeTypes.ToWire(c.Type)).String(c.Path).String(c.Source).End();
        }

        w.End();
    }

    /// <summary><c>a{say}</c> from (name, bytes) pairs, in the given order.</summary>
    public static void WriteBlobs(MessageWriter w, IEnumerable<(string Key, byte[] Value)> entries)
    {
        w.BeginArray("{say}");
        foreach ((string key, byte[] value) in entries)
        {
            w.BeginDictEntry("say").String(key).ByteArray(value).End();
        }

        w.End();
    }

    /// <summary><c>a{ss}</c>, in the given order.</summary>
    public static void WriteStringDictionary(MessageWriter w, IEnumerable<KeyValuePair<string, string>> entries)
    {
        w.BeginArray("{ss}");
        foreach ((string key, string value) in entries)
        {
            w.BeginDictEntry("ss").String(key).String(value).End();
        }

        w.End();
    }

    /// <summary><c>(ssbtttso)</c>-element of ListImages.</summary>
    public static void WriteListEntry(MessageWriter w, ImageListEntry entry)
    {
        PortableImage i = entry.Image;
        w.BeginStruct("ssbtttso")
            .String(i.Name)
            .String(PortableImageTypes.ToWire(i.Type))
            .Boolean(i.ReadOnly)
            .UInt64(i.CreationTimestamp)
            .UInt64(i.ModificationTimestamp)
            .UInt64(i.Usage)
            .String(entry.State ?? string.Empty)
            .ObjectPath(ImageObjectPath(i.Name))
            .End();
    }
}
