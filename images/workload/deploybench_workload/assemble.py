"""Result assembly: the typed result.json of each job from what its phases produced."""

from . import model as model_mod
from .result import (
    InferConfig,
    InferData,
    InferMetrics,
    ModelInfo,
    Result,
    Throughput,
    TrainConfig,
    TrainData,
    TrainMetrics,
)


def _finish(rt, job, config, metrics, throughput, loss_curve, data, model_info):
    """The Result, with the framework fingerprint and totalSeconds taken now (GPU peaks last)."""
    from . import fingerprint

    framework = fingerprint.framework(rt.device, rt.deterministic)
    rt.phases.totalSeconds = rt.now() - rt.t_start
    args = rt.args
    return Result(
        job=job,
        preset=args.preset,
        seed=args.seed,
        config=config,
        framework=framework,
        phases=rt.phases,
        throughput=throughput,
        metrics=metrics,
        lossCurve=loss_curve,
        data=data,
        model=model_info,
        gpu=rt.gpu(),
    )


def _data_source(parsed):
    """The data section's reader fields: format, ignored and first malformed lines, mapping, split."""
    return dict(
        format=parsed.format,
        ignoredLines=parsed.ignored,
        malformedLines=list(parsed.malformed_lines),
        mapping=parsed.mapping,
        internal=parsed.internal,
        split=parsed.split,
    )


def train_result(rt, ts, trainset, trained, sha):
    """result.json of train: ts the TrainSettings, trainset the preprocessed data, trained the outcome."""
    args, n, vocab, parsed = rt.args, trainset.windows.count, trainset.vocab, trainset.parsed
    seq_labels, labelled = trainset.seq_labels, trainset.labelled
    train_seconds = sum(rt.phases.trainEpochSeconds)
    config = TrainConfig(
        window=ts.window,
        topk=ts.topk,
        hidden=ts.hidden,
        layers=ts.layers,
        learningRate=ts.learning_rate,
        epochs=ts.epochs,
        batchSize=ts.batch_size,
        eventKey=ts.event_key,
        threadsRequested=args.threads,
        deviceRequested=args.device,
    )
    metrics = TrainMetrics(finalLoss=trained.loss_curve[-1], topkAccuracy=trained.topk_hits / float(n), topk=ts.topk, window=ts.window, epochs=ts.epochs)
    data = TrainData(
        file=parsed.file or "train.log",
        lines=parsed.lines,
        blankLines=parsed.blank,
        malformed=parsed.malformed,
        sequences=len(parsed.ips),
        labelled=labelled,
        trainingSequences=len(trainset.chosen),
        skippedMaliciousSequences=sum(1 for lab in seq_labels if lab == "malicious"),
        skippedUnlabelledSequences=(sum(1 for lab in seq_labels if lab is None) if labelled else 0),
        shortSequences=trainset.windows.short,
        windows=n,
        eventTypes=len(vocab) - 1,
        **_data_source(parsed)
    )
    throughput = Throughput(windowsPerSecond=(n * ts.epochs / train_seconds) if train_seconds > 0 else None)
    model_info = ModelInfo(sha256=sha, parameters=model_mod.parameter_count(trained.model), numClasses=len(vocab))
    return _finish(rt, "train", config, metrics, throughput, trained.loss_curve, data, model_info)


def _infer_data(inferset, seq_labels, detection, vocab):
    parsed, offsets = inferset.parsed, inferset.windows.offsets
    classified = [i for i, o in enumerate(offsets) if o >= 0]
    return InferData(
        file=parsed.file or "infer.log",
        lines=parsed.lines,
        blankLines=parsed.blank,
        malformed=parsed.malformed,
        sequences=len(parsed.ips),
        labelled=inferset.labelled,
        shortSequences=inferset.windows.short,
        shortMaliciousSequences=sum(1 for i, o in enumerate(offsets) if o < 0 and seq_labels[i] == "malicious"),
        classifiedSequences=len(classified),
        maliciousSequences=sum(1 for i in classified if seq_labels[i] == "malicious"),
        benignSequences=sum(1 for i in classified if seq_labels[i] == "benign"),
        unlabelledSequences=sum(1 for i in classified if seq_labels[i] is None),
        windows=inferset.windows.count,
        unseenEventWindows=int(detection.unseen.sum()),
        unseenEventTypes=len(inferset.unseen_types),
        eventTypes=len(vocab) - 1,
        **_data_source(parsed)
    )


def infer_result(rt, loaded, inferset, seq_labels, detection, infer_chunk):
    """result.json of infer: loaded the model and settings, inferset the windows, detection the flags and metrics."""
    args, n, vocab = rt.args, inferset.windows.count, loaded.vocab
    data = _infer_data(inferset, seq_labels, detection, vocab)
    metrics = InferMetrics(
        topk=loaded.topk,
        window=loaded.window,
        shortSequences=data.shortSequences,
        classifiedSequences=data.classifiedSequences,
        flaggedSequences=sum(1 for f in detection.flags if f is not None),
        labelled=inferset.labelled,
        byK=detection.by_k,
        **detection.metrics
    )
    config = InferConfig(
        window=loaded.window,
        topk=loaded.topk,
        hidden=loaded.hidden,
        layers=loaded.layers,
        eventKey=loaded.event_key,
        inferChunk=infer_chunk,
        threadsRequested=args.threads,
        deviceRequested=args.device,
    )
    infer_seconds = rt.phases.inferSeconds
    throughput = Throughput(windowsPerSecond=(n / infer_seconds) if infer_seconds > 0 and n else None)
    model_info = ModelInfo(sha256=loaded.sha256, parameters=model_mod.parameter_count(loaded.model), numClasses=len(vocab))
    return _finish(rt, "infer", config, metrics, throughput, [], data, model_info)
