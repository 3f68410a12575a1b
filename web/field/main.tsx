// placeholder; replaced by the field page
document.getElementById('root')!.textContent = '连心';
