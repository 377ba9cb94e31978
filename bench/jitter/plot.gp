# Two panels per trace: p50 added delay and late loss, for sipline (20 ms and 5 ms pulls) and
# speexdsp (default and 1 % late rate). Called by run.sh with `data` and `output` set.
set terminal pngcairo size 1400,800 font ",10" noenhanced
set output output
set multiplot layout 2,1 title "Jitter buffer: sipline vs speexdsp 1.2.1 (30,000 packets per trace, virtual time)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set grid ytics
set yrange [0:*]
set key top left
set xtics rotate by -20 scale 0
set ylabel "p50 added delay (ms)"
plot data using 2:xtic(1) title "sipline, 20 ms pulls", '' using 4 title "sipline, 5 ms pulls", \
     '' using 6 title "speex default", '' using 8 title "speex late 1 %"
set ylabel "late loss (%)"
plot data using 3:xtic(1) title "sipline, 20 ms pulls", '' using 5 title "sipline, 5 ms pulls", \
     '' using 7 title "speex default", '' using 9 title "speex late 1 %"
unset multiplot
