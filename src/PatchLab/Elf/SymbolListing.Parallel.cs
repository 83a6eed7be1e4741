using System.Runtime.ExceptionServices;

namespace PatchLab.Elf;

public static partial class SymbolListing
{
    /// <summary>A listing this long (a vmlinux: 76 chunks) is formatted on two threads.</summary>
    private const int ParallelChunks = 8;

    /// <summary>
    /// A long listing formatted chunk by chunk by this thread and a helper, whichever is free taking the next
    /// chunk, and written in order by this thread. Taking chunks rather than halves keeps it as fast as one thread
    /// when the machine is busy and the helper gets no core. At most <see cref="Slots"/> chunks are formatted
    /// ahead of the writing, each in its own reused buffer.
    /// </summary>
    private sealed class ParallelListing(ElfFile file, List<Chunk> chunks, Stream output)
    {
        private const int Slots = 4;
        private readonly OutputBuffer?[] _buffers = new OutputBuffer?[Slots];
        private readonly ExceptionDispatchInfo?[] _failures = new ExceptionDispatchInfo?[Slots];
        /// <summary>Guards the fields below; waits and pulses tell the threads a chunk was formatted or written.</summary>
        private readonly object _gate = new();
        private readonly bool[] _formatted = new bool[Slots];
        private int _next;
        private int _written;
        private bool _stopped;

        public void Run()
        {
            var helper = new Thread(Help) { IsBackground = true, Name = "symbol listing" };
            helper.Start();
            try
            {
                var middleColumns = NewMiddleColumns();
                while (NextStep(out var chunk))
                {
                    if (chunk >= 0) Format(chunk, middleColumns);
                    else WriteNext();
                }
            }
            finally
            {
                lock (_gate)
                {
                    _stopped = true;
                    Monitor.PulseAll(_gate);
                }
                helper.Join();
            }
        }

        /// <summary>This thread's next step: write the next chunk (-1) once it is formatted, else format one; false when all are written.</summary>
        private bool NextStep(out int chunk)
        {
            lock (_gate)
            {
                while (true)
                {
                    chunk = -1;
                    if (_written == chunks.Count) return false;
                    if (_formatted[_written % Slots]) return true;
                    if (TakeChunk(out chunk)) return true;
                    Monitor.Wait(_gate);
                }
            }
        }

        /// <summary>Under the lock: the next chunk to format, if there is one and a free buffer for it.</summary>
        private bool TakeChunk(out int chunk)
        {
            chunk = _next;
            if (_next == chunks.Count || _next >= _written + Slots) return false;
            _next++;
            return true;
        }

        /// <summary>The helper thread: formats chunks until there are none left or this thread has stopped (an error).</summary>
        private void Help()
        {
            var middleColumns = NewMiddleColumns();
            while (true)
            {
                int chunk;
                lock (_gate)
                {
                    while (true)
                    {
                        if (_stopped) return;
                        if (TakeChunk(out chunk)) break;
                        if (_next == chunks.Count) return;
                        Monitor.Wait(_gate);
                    }
                }
                Format(chunk, middleColumns);
            }
        }

        /// <summary>Formats a chunk into its slot's buffer; a damaged file's error waits there to be raised in order.</summary>
        private void Format(int chunk, byte[]?[]?[] middleColumns)
        {
            var slot = chunk % Slots;
            try
            {
                SymbolListing.Format(file, chunks[chunk], middleColumns, _buffers[slot] ??= new OutputBuffer(null));
            }
            catch (Exception e)
            {
                _failures[slot] = ExceptionDispatchInfo.Capture(e);
            }
            lock (_gate)
            {
                _formatted[slot] = true;
                Monitor.PulseAll(_gate);
            }
        }

        private void WriteNext()
        {
            var slot = _written % Slots;
            _failures[slot]?.Throw();
            _buffers[slot]!.WriteTo(output);
            lock (_gate)
            {
                _formatted[slot] = false;
                _written++;
                Monitor.PulseAll(_gate);
            }
        }
    }
}
