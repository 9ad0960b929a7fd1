"""Detection quality: confusion counts, precision, recall, specificity, F1 and the early detection rate.

Pure Python.  A ratio whose denominator is zero is None (JSON null), never a fake 0.
"""

MALICIOUS = "malicious"
BENIGN = "benign"


def ratio(num, den):
    return None if den == 0 else num / float(den)


def detection_metrics(outcomes):
    """Metrics over classified, labelled sequences.

    outcomes: iterable of (label, length, first_flag) where label is 'malicious' or
    'benign', length the sequence length and first_flag the 1-based position of the
    first flagged event, or None when the sequence was not flagged.

    EDR (early detection rate) = mean over true positives of first_flag / length;
    None without true positives.
    """
    tp = fp = tn = fn = 0
    edr_sum = 0.0
    for label, length, first_flag in outcomes:
        flagged = first_flag is not None
        if label == MALICIOUS:
            if flagged:
                tp += 1
                edr_sum += first_flag / float(length)
            else:
                fn += 1
        elif label == BENIGN:
            if flagged:
                fp += 1
            else:
                tn += 1
        else:
            raise ValueError("unknown label %r" % (label,))
    return {
        "tp": tp,
        "fp": fp,
        "tn": tn,
        "fn": fn,
        "precision": ratio(tp, tp + fp),
        "recall": ratio(tp, tp + fn),
        "specificity": ratio(tn, tn + fp),
        # 2PR/(P+R) written as 2TP/(2TP+FP+FN): 0 when TP = 0 but something was wrong, None when nothing to score.
        "f1": ratio(2 * tp, 2 * tp + fp + fn),
        "accuracy": ratio(tp + tn, tp + fp + tn + fn),
        "edr": ratio(edr_sum, tp) if tp else None,
    }
