// SPDX-License-Identifier: LGPL-2.1-or-later
using Portabled.Dissect.Verity;

namespace Portabled.Dissect.Dissection;

/*
 * Verity, as systemd's verity_settings_load(), dissected_image_load_verity_sig_partition() and
 * dissected_image_guess_verity_roothash() gather it (docs/image-readers.md, "dm-verity"):
 *
 *   1. an explicit root hash (the root partition's), else X.roothash (root) or X.usrhash (/usr);
 *      with a root hash, X.roothash.p7s or X.usrhash.p7s is its signature; X.verity is the
 *      external hash tree of a naked file system (with a partition table: EBADR);
 *   2. unless both are known, the root-verity-sig (else usr-verity-sig) partition: at most 4 MiB,
 *      JSON then only NULs; empty → ENODATA, malformed → EINVAL; a rootHash that differs from the
 *      one already known is ignored, signature and all (observed with 262);
 *   3. still no root hash: the data partition UUID ‖ the verity partition UUID (systemd ≥ 256).
 *
 * "Ready" means a root hash plus its tree. Reading a ready partition goes through a VerityHashTree
 * (root hash checked first, then every block); a signature is checked against the verity.d
 * certificates before anything is read.
 */
public sealed partial class DissectedImage
{
    private readonly Dictionary<PartitionDesignator, VerityHashTree> _trees = [];
    private readonly Lock _verityLock = new();
    private ImageFile? _verityData;
    private bool _signatureChecked;

    /// <summary>The image's verity settings (<see cref="VeritySettings.None"/> when there are none).</summary>
    public VeritySettings Verity { get; private set; } = VeritySettings.None;

    /// <summary>The options the image was dissected with.</summary>
    public DissectionOptions Options { get; private init; } = DissectionOptions.Default;

    /// <summary>True when reads of <paramref name="partition"/> are checked against a hash tree (verity is ready for its designator and checking is on).</summary>
    public bool IsVerityProtected(DissectedPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return Options.CheckVerity && Verity.IsReady && Verity.Designator is { } d && ReferenceEquals(Get(d), partition);
    }

    /// <summary>
    /// systemd-dissect's VERITY cell for <paramref name="designator"/>: <c>signed</c>, <c>yes</c> or
    /// <c>no</c> for root and usr of a partitioned image, <c>external</c> for a naked file system with
    /// a <c>.verity</c> sidecar, null otherwise.
    /// </summary>
    public string? VerityStatus(PartitionDesignator designator)
    {
        if (designator is not (PartitionDesignator.Root or PartitionDesignator.Usr))
        {
            return null;
        }

        if (PartitionTableKind == global::Portabled.Dissect.Partitions.PartitionTableKind.None)
        {
            return Verity.DataPath is not null ? "external" : null;
        }

        bool covered = Verity.Designator == designator;
        return covered && Verity.IsSignatureReady ? "signed" : covered && Verity.IsReady ? "yes" : "no";
    }

    /// <summary>
    /// Checks the root hash signature, if there is one, against the certificates of the verity.d
    /// directories; throws <see cref="VeritySignatureException"/> when it does not verify. Done once.
    /// </summary>
    public void CheckVeritySignature()
    {
        lock (_verityLock)
        {
            if (_signatureChecked || Verity.Signature.IsEmpty || Verity.RootHash.IsEmpty)
            {
                return;
            }

            using VerityCertificateStore store = VerityCertificateStore.Load(Options.VerityCertificateRoot);
            VeritySignatureCheck check = VeritySignatureVerifier.Check(Verity.RootHash.Span, Verity.Signature.Span, store);
            if (check != VeritySignatureCheck.Valid)
            {
                throw new VeritySignatureException(ImagePath, check);
            }

            _signatureChecked = true;
        }
    }

    /// <summary>
    /// The hash tree protecting <see cref="VeritySettings.Designator"/>'s partition, opened (signature
    /// and root hash checked) on first use. Throws <see cref="InvalidOperationException"/> when verity is not ready.
    /// </summary>
    public VerityHashTree OpenVerityTree()
    {
        if (!Verity.IsReady || Verity.Designator is not PartitionDesignator designator || Get(designator) is not { } data)
        {
            throw new InvalidOperationException("the image has no usable verity hash tree");
        }

        CheckVeritySignature();
        lock (_verityLock)
        {
            if (!_trees.TryGetValue(designator, out VerityHashTree? tree))
            {
                ImageRegion hash = _verityData?.Whole ?? Get(VerityPartitionOf(designator))!.Region;
                tree = VerityHashTree.Open(data.Region, hash, Verity.RootHash.Span);
                _trees[designator] = tree;
            }

            return tree;
        }
    }

    private static PartitionDesignator VerityPartitionOf(PartitionDesignator data) =>
        data == PartitionDesignator.Usr ? PartitionDesignator.UsrVerity : PartitionDesignator.RootVerity;

    private static PartitionDesignator SignaturePartitionOf(PartitionDesignator data) =>
        data == PartitionDesignator.Usr ? PartitionDesignator.UsrVeritySig : PartitionDesignator.RootVeritySig;

    /// <summary>Step 1: the explicit root hash and the sidecars.</summary>
    private static VeritySettings FromSidecars(string imagePath, VeritySidecars sidecars, DissectionOptions options)
    {
        PartitionDesignator? designator = null;
        ReadOnlyMemory<byte> rootHash = default;
        VerityRootHashSource source = VerityRootHashSource.None;
        if (!options.RootHash.IsEmpty)
        {
            (designator, rootHash, source) = (PartitionDesignator.Root, options.RootHash, VerityRootHashSource.Option);
        }
        else if (!sidecars.RootHash.IsEmpty)
        {
            (designator, rootHash, source) = (PartitionDesignator.Root, sidecars.RootHash, VerityRootHashSource.Sidecar);
        }
        else if (!sidecars.UsrHash.IsEmpty)
        {
            (designator, rootHash, source) = (PartitionDesignator.Usr, sidecars.UsrHash, VerityRootHashSource.Sidecar);
        }

        byte[]? signature = null;
        if (!rootHash.IsEmpty)
        {
            string? path = designator == PartitionDesignator.Usr ? sidecars.UsrSignaturePath : sidecars.RootSignaturePath;
            signature = path is null ? null : ReadSignatureFile(imagePath, path);
        }

        return new VeritySettings
        {
            Designator = designator,
            RootHash = rootHash,
            RootHashSource = source,
            Signature = signature,
            DataPath = sidecars.DataPath,
        };
    }

    private static byte[] ReadSignatureFile(string imagePath, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        if (stream.Length == 0 || stream.Length > VerityRootHashSignature.MaxPartitionSize)
        {
            throw new DissectionException(imagePath, DissectionError.VeritySignatureInvalid, $"Signature file '{path}' is empty or larger than 4M, refusing.");
        }

        byte[] data = new byte[stream.Length];
        stream.ReadExactly(data);
        return data;
    }

    /// <summary>Steps 2 and 3 and readiness, once partitions are selected.</summary>
    private static VeritySettings Complete(string imagePath, VeritySettings settings, DissectionOptions options,
        IReadOnlyDictionary<PartitionDesignator, DissectedPartition> selected, bool naked)
    {
        PartitionDesignator? designator = settings.Designator;
        ReadOnlyMemory<byte> rootHash = settings.RootHash, signature = settings.Signature;
        VerityRootHashSource source = settings.RootHashSource;
        bool fromPartition = false;
        if (!naked && options.UseVeritySignaturePartition && (rootHash.IsEmpty || signature.IsEmpty))
        {
            PartitionDesignator sigOf = designator
                ?? (selected.ContainsKey(PartitionDesignator.RootVeritySig) || !selected.ContainsKey(PartitionDesignator.UsrVeritySig) ? PartitionDesignator.Root : PartitionDesignator.Usr);
            if (selected.GetValueOrDefault(SignaturePartitionOf(sigOf)) is { } sigPartition
                && LoadSignaturePartition(imagePath, sigPartition) is { } loaded
                && (rootHash.IsEmpty || rootHash.Span.SequenceEqual(loaded.RootHash.Span)))
            {
                (designator, rootHash, signature, fromPartition) = (sigOf, loaded.RootHash, loaded.Signature, true);
                source = source == VerityRootHashSource.None ? VerityRootHashSource.SignaturePartition : source;
            }
        }

        if (!naked && rootHash.IsEmpty && options.GuessVerityRootHash)
        {
            PartitionDesignator guessFor = designator
                ?? (selected.ContainsKey(PartitionDesignator.RootVerity) ? PartitionDesignator.Root : PartitionDesignator.Usr);
            if (selected.GetValueOrDefault(guessFor)?.Uuid is Guid dataUuid && selected.GetValueOrDefault(VerityPartitionOf(guessFor))?.Uuid is Guid verityUuid)
            {
                byte[] guess = new byte[32];
                dataUuid.TryWriteBytes(guess.AsSpan(0, 16), bigEndian: true, out _);
                verityUuid.TryWriteBytes(guess.AsSpan(16, 16), bigEndian: true, out _);
                (designator, rootHash, source) = (guessFor, guess, VerityRootHashSource.PartitionUuids);
            }
        }

        PartitionDesignator covered = designator ?? PartitionDesignator.Root;
        bool ready = !rootHash.IsEmpty && (naked
            ? settings.DataPath is not null && covered == PartitionDesignator.Root
            : selected.ContainsKey(covered) && selected.ContainsKey(VerityPartitionOf(covered)));
        return new VeritySettings
        {
            Designator = rootHash.IsEmpty ? designator : covered,
            RootHash = rootHash,
            RootHashSource = source,
            Signature = signature,
            SignatureFromPartition = fromPartition,
            DataPath = settings.DataPath,
            IsReady = ready,
        };
    }

    private static VerityRootHashSignature? LoadSignaturePartition(string imagePath, DissectedPartition partition)
    {
        if (partition.Size > VerityRootHashSignature.MaxPartitionSize)
        {
            throw new DissectionException(imagePath, DissectionError.VeritySignatureTooLarge, "Verity signature partition is larger than 4M, refusing.");
        }

        byte[] content = new byte[partition.Size];
        partition.Region.ReadExactly(0, content, "verity signature partition");
        VerityRootHashSignature? signature;
        try
        {
            signature = VerityRootHashSignature.Parse(content, imagePath);
        }
        catch (InvalidImageException e)
        {
            throw new DissectionException(imagePath, DissectionError.VeritySignatureInvalid, e.Problem);
        }

        return signature ?? throw new DissectionException(imagePath, DissectionError.VeritySignatureMissing, "Verity signature partition holds no data.");
    }

    private void DisposeVerity()
    {
        lock (_verityLock)
        {
            foreach (VerityHashTree tree in _trees.Values)
            {
                tree.Dispose();
            }

            _trees.Clear();
            _verityData?.Dispose();
        }
    }
}
