using System.Runtime.ExceptionServices;

namespace PatchLab.Elf;

/// <summary>
/// A long listing made in pieces on every core and written in order. Whichever thread is free makes the next piece;
/// whichever finishes the piece next in line writes it, and the ones after it that are ready, so no thread only waits
/// to write. The calling thread works too, and helpers start only once piece <see cref="_helpersAt"/> is taken: a
/// small file costs no thread. At most <c>window</c> pieces are made ahead of the writing, each into a reused
/// <typeparamref name="TText"/>, so a listing never sits whole in memory. A piece that fails is raised when the writing
/// reaches it: everything before it is written, and the error is the same on every run.
/// </summary>
/// <typeparam name="TPiece">What one piece is made from.</typeparam>
/// <typeparam name="TText">Where a piece is made, until it is written.</typeparam>
/// <typeparam name="TWorker">Each thread's own state for making pieces.</typeparam>
internal abstract class InOrderWork<TPiece, TText, TWorker>(int helpersAt, int window) where TText : class
{
    private readonly int _helpersAt = helpersAt;

    /// <summary>Guards the fields below; a pulse tells waiting threads that a piece was written or the work stopped.</summary>
    private readonly object _gate = new();
    private IEnumerator<TPiece> _pieces = null!;
    private readonly Made[] _made = new Made[window];
    private readonly Stack<TText> _free = new();
    private readonly List<Thread> _helpers = [];
    private int _taken;
    private int _written;
    private bool _noMore;
    private bool _writing;
    private ExceptionDispatchInfo? _failure;

    /// <summary>A piece made and waiting for its turn to be written, or the error that making it raised.</summary>
    private readonly record struct Made(bool Done, TText? Text, ExceptionDispatchInfo? Failure);

    protected abstract TText NewText();

    protected abstract TWorker NewWorker();

    /// <summary>Makes a piece into <paramref name="text"/>, which comes empty.</summary>
    protected abstract void Make(TWorker worker, TPiece piece, TText text);

    /// <summary>Writes a made piece and empties <paramref name="text"/> for the next.</summary>
    protected abstract void Write(TText text);

    public void Run(IEnumerable<TPiece> pieces)
    {
        _pieces = pieces.GetEnumerator();
        try
        {
            Work();
        }
        finally
        {
            lock (_gate)
            {
                _noMore = true;
                Monitor.PulseAll(_gate);
            }
            foreach (var helper in _helpers) helper.Join();
            _pieces.Dispose();
        }
        _failure?.Throw();
    }

    private void Work()
    {
        TWorker? worker = default;
        var started = false;
        while (Take(out var piece, out var number, out var text, out var failure))
        {
            if (failure is null)
            {
                try
                {
                    if (!started) (worker, started) = (NewWorker(), true);
                    Make(worker!, piece, text!);
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            }
            if (Finish(number, text, failure)) WriteReady();
        }
    }

    /// <summary>The next piece and a text to make it in, unless all are taken or the work stopped; a failure to find the next piece is that piece's failure.</summary>
    private bool Take(out TPiece piece, out int number, out TText? text, out ExceptionDispatchInfo? failure)
    {
        (piece, text, failure) = (default!, null, null);
        lock (_gate)
        {
            while (_failure is null && !_noMore && _taken - _written >= _made.Length) Monitor.Wait(_gate);
            number = _taken;
            if (_failure is not null || _noMore) return false;
            try
            {
                if (!_pieces.MoveNext())
                {
                    _noMore = true;
                    Monitor.PulseAll(_gate);
                    return false;
                }
                piece = _pieces.Current;
                text = _free.Count > 0 ? _free.Pop() : NewText();
            }
            catch (Exception e)
            {
                _noMore = true;
                failure = ExceptionDispatchInfo.Capture(e);
            }
            _taken++;
            if (number == _helpersAt) StartHelpers();
            return true;
        }
    }

    private void StartHelpers()
    {
        for (var i = 1; i < Environment.ProcessorCount; i++)
        {
            var helper = new Thread(Work) { IsBackground = true, Name = "listing" };
            _helpers.Add(helper);
            helper.Start();
        }
    }

    /// <summary>Puts a made piece in its place; true when it is next in line and nobody is writing, so this thread writes.</summary>
    private bool Finish(int number, TText? text, ExceptionDispatchInfo? failure)
    {
        lock (_gate)
        {
            _made[number % _made.Length] = new Made(true, text, failure);
            if (_writing || number != _written) return false;
            _writing = true;
            return true;
        }
    }

    /// <summary>Writes pieces in order while the next is made; a failure in line stops the work.</summary>
    private void WriteReady()
    {
        while (true)
        {
            Made next;
            lock (_gate)
            {
                var place = _written % _made.Length;
                next = _made[place];
                if (!next.Done || _failure is not null || next.Failure is not null)
                {
                    if (next.Done) _failure ??= next.Failure;
                    _writing = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
                _made[place] = default;
            }
            try
            {
                Write(next.Text!);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _failure ??= ExceptionDispatchInfo.Capture(e);
                    _writing = false;
                    Monitor.PulseAll(_gate);
                }
                return;
            }
            lock (_gate)
            {
                _free.Push(next.Text!);
                _written++;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
